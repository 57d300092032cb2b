import Foundation
import Hummingbird

/// The fields of a submitted HTML form, `application/x-www-form-urlencoded` or `multipart/form-data`
/// (a file upload). Values are text; a multipart file part is read as UTF-8.
struct FormBody: Sendable {
    var fields: [String: String]

    func text(_ name: String) -> String? {
        guard let value = fields[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return value
    }

    /// Parses a body by its content type; nil when the type is neither form encoding.
    static func parse(_ body: ByteBuffer, contentType: String?) -> FormBody? {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("application/x-www-form-urlencoded") {
            return FormBody(fields: urlEncoded(String(buffer: body)))
        }
        if type.hasPrefix("multipart/form-data"), let boundary = boundary(contentType ?? "") {
            return FormBody(fields: multipart(Array(body.readableBytesView), boundary: boundary))
        }
        return nil
    }

    static func urlEncoded(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The named parts of a multipart body (RFC 7578): the text between `--boundary` delimiters, each part's
    /// headers up to the first empty line.
    static func multipart(_ bytes: [UInt8], boundary: String) -> [String: String] {
        let delimiter = Array("--\(boundary)".utf8)
        let headerEnd = Array("\r\n\r\n".utf8)
        var fields: [String: String] = [:]
        var starts = ranges(of: delimiter, in: bytes)
        guard starts.count >= 2 else { return fields }
        starts.append(bytes.count)
        for index in 0..<(starts.count - 2) {
            var lower = starts[index] + delimiter.count
            let upper = starts[index + 1]
            guard lower <= upper else { continue }
            // Skip the line break after the delimiter; drop the one before the next.
            if bytes[lower..<upper].starts(with: [13, 10]) { lower += 2 }
            var end = upper
            if end - 2 >= lower, bytes[end - 2] == 13, bytes[end - 1] == 10 { end -= 2 }
            let part = Array(bytes[lower..<end])
            guard let split = ranges(of: headerEnd, in: part).first else { continue }
            let headers = String(decoding: part[..<split], as: UTF8.self)
            guard let name = dispositionName(headers) else { continue }
            let content = String(decoding: part[(split + headerEnd.count)...], as: UTF8.self)
            if fields[name] == nil { fields[name] = content }
        }
        return fields
    }

    static func dispositionName(_ headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            for parameter in line.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "name" else { continue }
                var value = pair[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        return nil
    }

    /// Start offsets of the non-overlapping occurrences of `needle` in `haystack`.
    static func ranges(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var i = 0
        let first = needle[0]
        while i <= haystack.count - needle.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}
