import PostgresNIO

/// Rows in PostgreSQL's COPY text format: fields separated by tabs, rows ended by a newline, `\N` for NULL,
/// and backslash, tab, newline and carriage return escaped with a backslash.
struct CopyText {
    private(set) var buffer: ByteBuffer
    private(set) var rows = 0
    private var firstField = true

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    var byteCount: Int { buffer.readableBytes }

    /// Hands over the rows written so far and starts again with an empty buffer.
    mutating func take(capacity: Int) -> ByteBuffer {
        let full = buffer
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
        rows = 0
        return full
    }

    private mutating func separator() {
        if firstField { firstField = false } else { buffer.writeInteger(UInt8(ascii: "\t")) }
    }

    mutating func null() {
        separator()
        buffer.writeInteger(UInt8(ascii: "\\"))
        buffer.writeInteger(UInt8(ascii: "N"))
    }

    mutating func int(_ value: Int?) {
        guard let value else { return null() }
        separator()
        buffer.writeString(String(value))
    }

    mutating func text(_ value: String?) {
        guard var value else { return null() }
        separator()
        value.withUTF8 { escaped($0) }
    }

    /// A text field given as UTF-8 bytes (e.g. JSON already encoded).
    mutating func utf8(_ value: [UInt8]) {
        separator()
        value.withUnsafeBufferPointer { escaped($0) }
    }

    private mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in bytes.indices {
            let escaped: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            if index > start { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index]))) }
            buffer.writeInteger(UInt8(ascii: "\\"))
            buffer.writeInteger(escaped)
            start = index + 1
        }
        if start < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...]))) }
    }

    mutating func bool(_ value: Bool) {
        separator()
        buffer.writeInteger(UInt8(ascii: value ? "t" : "f"))
    }

    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        firstField = true
        rows += 1
    }
}
