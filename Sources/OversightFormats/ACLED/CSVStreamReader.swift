import Foundation

/// Reads a comma-separated file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or
/// LF) in fixed-size chunks, handing out one row at a time without ever holding the whole file.
///
/// A row is a view over the current chunk: read the fields needed with `string(_:)` inside the callback.
public final class CSVStreamReader {
    /// Where the bytes come from: a file read a chunk at a time, or bytes already in memory (handed out in
    /// chunks of the same size, so both sources parse alike).
    private enum Source {
        case file(FileHandle)
        case memory(Data, position: Int)
    }
    private var source: Source
    private let path: String
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var escaped: [Bool] = []
    /// Bytes read so far (for progress).
    public private(set) var bytesRead = 0

    public init(path: String, chunkSize: Int = 1 << 22) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CSVStreamError(path: path, line: 0, "cannot open the file; check the path and its permissions")
        }
        self.source = .file(handle)
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Reads `data` as if it were a file called `name` (errors name it).
    public init(data: Data, name: String = "input", chunkSize: Int = 1 << 22) {
        self.source = .memory(data, position: data.startIndex)
        self.path = name
        self.chunkSize = max(1, chunkSize)
    }

    deinit {
        if case .file(let handle) = source { try? handle.close() }
    }

    /// The next `length` bytes (fewer at the end, none after it).
    private func nextChunk(_ length: Int) -> Data {
        switch source {
        case .file(let handle):
            return handle.readData(ofLength: length)
        case .memory(let data, let position):
            let end = min(data.endIndex, position + length)
            source = .memory(data, position: end)
            return data[position..<end]
        }
    }

    /// One parsed row: field `i` as text, with quotes removed and doubled quotes undone.
    public struct Row {
        let base: UnsafePointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let ends: UnsafeBufferPointer<Int>
        let escaped: UnsafeBufferPointer<Bool>
        /// The line the row starts on (1 = the header).
        public let line: Int

        public var count: Int { starts.count }

        public func string(_ index: Int) -> String {
            guard index >= 0, index < starts.count else { return "" }
            let field = UnsafeBufferPointer(start: base + starts[index], count: ends[index] - starts[index])
            guard escaped[index] else { return String(decoding: field, as: UTF8.self) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(field.count)
            var i = 0
            while i < field.count {
                bytes.append(field[i])
                i += field[i] == UInt8(ascii: "\"") && i + 1 < field.count && field[i + 1] == UInt8(ascii: "\"") ? 2 : 1
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Whether field `i` is empty.
        public func isEmpty(_ index: Int) -> Bool { index < 0 || index >= starts.count || starts[index] == ends[index] }

        /// Field `i` as a whole number (spaces around it allowed), nil when it is not one.
        public func int(_ index: Int) -> Int? {
            guard index >= 0, index < starts.count else { return nil }
            var value = 0
            var sawDigit = false
            var negative = false
            var i = starts[index]
            let end = ends[index]
            while i < end, base[i] == 0x20 { i += 1 }
            if i < end, base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            while i < end {
                let b = base[i]
                if b >= 0x30 && b <= 0x39 {
                    value = value &* 10 &+ Int(b - 0x30)
                    sawDigit = true
                } else if b == 0x20 {
                    break
                } else if b == UInt8(ascii: ".") {
                    // "3.0" in some exports: accept a zero fraction only.
                    i += 1
                    while i < end, base[i] == 0x30 { i += 1 }
                    break
                } else {
                    return nil
                }
                i += 1
            }
            while i < end, base[i] == 0x20 { i += 1 }
            return sawDigit && i == end ? (negative ? -value : value) : nil
        }
    }

    /// Calls `body` for every row, header included, in order.
    public func forEachRow(_ body: (Row) throws -> Void) throws {
        var line = 1
        var eof = false
        var offset = 0
        // A row cut by the end of the buffer is parsed again from its start once more bytes are in; reading at
        // least as many bytes as it already holds keeps that work linear in the row's length.
        var length = chunkSize
        while true {
            if !eof {
                let data = nextChunk(length)
                if data.isEmpty {
                    eof = true
                } else {
                    bytesRead += data.count
                    if offset > 0 {
                        buffer.removeSubrange(0..<offset)
                        offset = 0
                    }
                    buffer.append(contentsOf: data)
                }
            }
            if offset >= buffer.count && eof { return }
            var failure: CSVStreamError?
            try buffer.withUnsafeBufferPointer { bytes in
                while offset < bytes.count {
                    let rowLine = line
                    guard let (next, lines) = parseRow(bytes, from: offset, eof: eof, failure: &failure, at: rowLine) else { break }
                    if failure != nil { return }
                    if next - offset > ReaderLimits.maxLineBytes {
                        failure = CSVStreamReader.tooLong(line: rowLine)
                        return
                    }
                    line += lines
                    offset = next
                    try starts.withUnsafeBufferPointer { s in
                        try ends.withUnsafeBufferPointer { e in
                            try escaped.withUnsafeBufferPointer { q in
                                try body(Row(base: bytes.baseAddress!, starts: s, ends: e, escaped: q, line: rowLine))
                            }
                        }
                    }
                }
            }
            if var failure {
                failure.path = path
                throw failure
            }
            if eof && offset >= buffer.count { return }
            length = max(chunkSize, buffer.count - offset)
            // The row being read does not fit the cap: stop rather than let the buffer grow with the file.
            if buffer.count - offset > ReaderLimits.maxLineBytes {
                var error = CSVStreamReader.tooLong(line: line)
                error.path = path
                throw error
            }
            if eof {
                throw CSVStreamError(path: path, line: line, "the file ends inside a quoted field; close the quote")
            }
        }
    }

    /// A row longer than `ReaderLimits.maxLineBytes`.
    static func tooLong(line: Int) -> CSVStreamError {
        CSVStreamError(path: "", line: line, "the row starting here is longer than \(ReaderLimits.maxLineText), the most a row may hold; check for a quote that is never closed")
    }

    /// Parses one row starting at `start`; nil when the chunk ends before the row does (and more may come).
    /// Returns the offset after the row's line break and the number of line breaks it spans.
    private func parseRow(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, eof: Bool,
                          failure: inout CSVStreamError?, at rowLine: Int) -> (Int, Int)? {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 10, cr: UInt8 = 13
        let n = bytes.count
        var i = start
        var lines = 0
        while true {
            if i < n, bytes[i] == quote {
                i += 1
                let fieldStart = i
                var hasEscape = false
                while true {
                    guard i < n else { return nil }
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n, bytes[i + 1] == quote { hasEscape = true; i += 2; continue }
                        if i + 1 >= n && !eof { return nil }
                        break
                    }
                    if b == lf { lines += 1 }
                    i += 1
                }
                starts.append(fieldStart)
                ends.append(i)
                escaped.append(hasEscape)
                i += 1
                if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    failure = CSVStreamError(path: "", line: rowLine + lines, "text follows a closing quote in field \(starts.count); quote the whole field and double any quote inside it")
                    return (i, lines)
                }
            } else {
                let fieldStart = i
                while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                if i >= n && !eof { return nil }
                starts.append(fieldStart)
                ends.append(i)
                escaped.append(false)
            }
            if i >= n {
                return eof ? (n, lines + 1) : nil
            }
            if bytes[i] == comma { i += 1; continue }
            if bytes[i] == cr {
                if i + 1 >= n && !eof { return nil }
                i += 1
                if i < n, bytes[i] == lf { i += 1 }
            } else {
                i += 1
            }
            return (i, lines + 1)
        }
    }
}

/// A file that is not well-formed CSV.
public struct CSVStreamError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { path.isEmpty ? "line \(line): \(message)" : "\(path), line \(line): \(message)" }
}
