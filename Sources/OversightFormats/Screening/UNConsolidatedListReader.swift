import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OversightCore

/// Reads the UN Security Council Consolidated List (XML: `CONSOLIDATED_LIST` with `INDIVIDUALS` and
/// `ENTITIES`) into list entries.
///
/// Kept: every name part (`FIRST_NAME` … `FOURTH_NAME`, in that order), aliases with their quality (`Low` →
/// weak, `Good`/`a.k.a.`/`f.k.a.`/none → strong), `NAME_ORIGINAL_SCRIPT`, dates of birth (`EXACT`,
/// `APPROXIMATELY`, `BETWEEN`; a full date, a year, or a range of years — and the alternative dates that
/// appear as `DATE_OF_BIRTH` inside `INDIVIDUAL_ALIAS`, named or not), nationalities and address and birth
/// countries as ISO codes (placeholders such as `na` dropped), gender, documents, `UN_LIST_TYPE` as the
/// programme, `REFERENCE_NUMBER`, `LISTED_ON`.
///
/// The file is untrusted input: it is parsed with external entities off and no DTD loading, and a document
/// that declares a DTD at all is refused (the UN publishes none), so it cannot make the parser read local
/// files or expand entities without bound. A processing instruction without data (`<?name?>`) is refused too,
/// since FoundationXML crashes on it. Malformed XML is an error with its line and column.
public enum UNConsolidatedListReader {
    public static let format = "un-sc-xml"
    public static let defaultListID = "un-sc"

    public static func read(_ data: Data, listID: String = defaultListID) throws -> ScreeningListFile {
        try refuseDocumentType(data)
        try refuseProcessingInstructionsWithoutData(data)
        let handler = Handler(listID: listID)
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.externalEntityResolvingPolicy = .never
        parser.shouldProcessNamespaces = false
        parser.delegate = handler
        let finished = parser.parse()
        if let failure = handler.failure { throw failure }
        if !finished {
            let code = (parser.parserError as NSError?)?.code ?? 0
            // libxml2 gives line 0 when it fails before reading a line (a NUL byte at the start, say): that is line 1.
            throw ScreeningFormatError(format: format, describe(code), line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
        }
        guard handler.sawRoot else {
            throw ScreeningFormatError(format: format, "the file is empty or has no root element; expected CONSOLIDATED_LIST")
        }
        return ScreeningListFile(entries: handler.entries, version: handler.dateGenerated)
    }

    /// Refuses `<!DOCTYPE …>` before the root element, and any text encoding but UTF-8 (the UN publishes the list
    /// in UTF-8; libxml2's switch to another encoding, UTF-7 for one, crashed on malformed input — found by fuzzing).
    static func refuseDocumentType(_ data: Data) throws {
        let bytes = [UInt8](data.prefix(1 << 16))
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        // UTF-16 and UTF-32, with or without a byte-order mark, have a NUL or FE/FF among their first bytes.
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.prefix(4).contains(0) {
            throw ScreeningFormatError(format: format, "the file is not UTF-8 (it looks like UTF-16 or UTF-32); the UN list is published in UTF-8", line: 1, column: 1)
        }
        func starts(_ text: String, at k: Int) -> Bool {
            let pattern = Array(text.utf8)
            return k + pattern.count <= bytes.count && Array(bytes[k..<(k + pattern.count)]).map { $0 | 0x20 } == pattern.map { $0 | 0x20 }
        }
        func skip(past terminator: String, from k: Int) -> Int {
            let pattern = Array(terminator.utf8)
            var j = k
            while j + pattern.count <= bytes.count {
                if Array(bytes[j..<(j + pattern.count)]) == pattern { return j + pattern.count }
                j += 1
            }
            return bytes.count
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { i += 1; continue }
            if starts("<?xml", at: i) {
                let end = skip(past: "?>", from: i)
                if let encoding = declaredEncoding(bytes[i..<end]), !["utf-8", "utf8"].contains(encoding.lowercased()) {
                    let line = bytes[..<i].filter { $0 == 0x0A }.count + 1
                    throw ScreeningFormatError(format: format, "the XML declaration names the encoding '\(encoding)'; only UTF-8 is read, the encoding the UN list is published in", line: line)
                }
                i = end
                continue
            }
            if starts("<?", at: i) { i = skip(past: "?>", from: i); continue }
            if starts("<!--", at: i) { i = skip(past: "-->", from: i); continue }
            if starts("<!doctype", at: i) {
                let line = bytes[..<i].filter { $0 == 0x0A }.count + 1
                let column = i - (bytes[..<i].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                throw ScreeningFormatError(format: format, "the document declares a DTD (<!DOCTYPE …>); DTDs and entities are refused because they can read local files or exhaust memory, and the UN list has none. Remove the declaration if the file is otherwise genuine", line: line, column: column)
            }
            break
        }
    }

    /// Refuses a processing instruction that has a target and no data (`<?name?>`), anywhere outside comments
    /// and CDATA sections. FoundationXML hands such an instruction's missing data to `String(cString:)` and
    /// crashes (a null pointer read, found by fuzzing); the UN list has no processing instructions at all, so
    /// nothing genuine is refused.
    static func refuseProcessingInstructionsWithoutData(_ data: Data) throws {
        let found: (line: Int, column: Int)? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            func matches(_ pattern: StaticString, at k: Int) -> Bool {
                let length = pattern.utf8CodeUnitCount
                guard k + length <= count else { return false }
                let start = pattern.utf8Start
                for offset in 0..<length where bytes[k + offset] != start[offset] { return false }
                return true
            }
            func skip(past terminator: StaticString, from k: Int) -> Int {
                var j = k
                while j < count, !matches(terminator, at: j) { j += 1 }
                return min(j + terminator.utf8CodeUnitCount, count)
            }
            var line = 1
            var lineStart = 0
            var i = 0
            while i < count {
                let byte = bytes[i]
                if byte == 0x0A { line += 1; lineStart = i + 1; i += 1; continue }
                guard byte == 0x3C else { i += 1; continue }
                if matches("<!--", at: i) {
                    let end = skip(past: "-->", from: i + 4)
                    for j in i..<end where bytes[j] == 0x0A { line += 1; lineStart = j + 1 }
                    i = end
                    continue
                }
                if matches("<![CDATA[", at: i) {
                    let end = skip(past: "]]>", from: i + 9)
                    for j in i..<end where bytes[j] == 0x0A { line += 1; lineStart = j + 1 }
                    i = end
                    continue
                }
                if matches("<?", at: i) {
                    var j = i + 2
                    while j < count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]), !matches("?>", at: j) { j += 1 }
                    if j > i + 2, matches("?>", at: j) { return (line, i - lineStart + 1) }
                    i = j
                    continue
                }
                i += 1
            }
            return nil
        }
        if let found {
            throw ScreeningFormatError(format: format, "a processing instruction has a name and no data (<?name?>); the UN list has no processing instructions, so this is not the published file", line: found.line, column: found.column)
        }
    }

    /// The value of `encoding="…"` in an XML declaration, if it names one.
    static func declaredEncoding(_ declaration: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: declaration, as: UTF8.self)
        guard let key = text.range(of: "encoding") else { return nil }
        var rest = text[key.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    static func describe(_ code: Int) -> String {
        let known: [Int: String] = [
            4: "the document is empty", 5: "the document ends before every element is closed",
            9: "a character is not allowed in XML", 23: "a character reference or entity is malformed",
            26: "an entity is used but never declared", 38: "an attribute value is not quoted",
            39: "an attribute is repeated", 41: "an attribute has no value", 64: "the XML declaration is malformed",
            73: "a tag is not closed with >", 76: "an end tag does not match the start tag",
            85: "an end tag is missing", 111: "text follows the root element",
        ]
        return (known[code] ?? "the XML is malformed") + " (libxml2 error \(code)); check the file was downloaded completely"
    }

    // MARK: - Parsing

    /// One element of an individual or entity record, with its text and children.
    final class Node {
        let name: String
        let line: Int
        var text = ""
        var children: [Node] = []

        init(name: String, line: Int) {
            self.name = name
            self.line = line
        }

        func all(_ name: String) -> [Node] { children.filter { $0.name == name } }
        func first(_ name: String) -> Node? { children.first { $0.name == name } }

        /// The trimmed text of the first child of that name, nil when absent or blank.
        func value(_ name: String) -> String? {
            guard let text = first(name)?.text.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }

        /// The trimmed, non-blank texts of `name/VALUE` children (or of `name` itself when it has none).
        func values(_ name: String) -> [String] {
            all(name).flatMap { node -> [String] in
                let inner = node.all("VALUE")
                let texts = inner.isEmpty ? [node.text] : inner.map(\.text)
                return texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            }
        }
    }

    final class Handler: NSObject, XMLParserDelegate {
        let listID: String
        var entries: [ListEntry] = []
        var dateGenerated: String?
        var failure: ScreeningFormatError?
        var sawRoot = false
        private var stack: [Node] = []

        init(listID: String) { self.listID = listID }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if !sawRoot {
                sawRoot = true
                guard elementName == "CONSOLIDATED_LIST" else {
                    fail(parser, "the root element is \(elementName), not CONSOLIDATED_LIST: this is not the UN Security Council Consolidated List")
                    return
                }
                dateGenerated = attributeDict["dateGenerated"]
                return
            }
            if stack.isEmpty {
                guard elementName == "INDIVIDUAL" || elementName == "ENTITY" else { return }
            }
            stack.append(Node(name: elementName, line: max(parser.lineNumber, 1)))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let node = stack.popLast() else { return }
            if let parent = stack.last {
                parent.children.append(node)
                return
            }
            do {
                entries.append(try UNConsolidatedListReader.entry(node, listID: listID))
            } catch let error as ScreeningFormatError {
                failure = error
                parser.abortParsing()
            } catch {
                fail(parser, "\(error)")
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            guard failure == nil else { return }
            let code = (parseError as NSError).code
            failure = ScreeningFormatError(format: UNConsolidatedListReader.format, UNConsolidatedListReader.describe(code),
                                           line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

        private func fail(_ parser: XMLParser, _ message: String) {
            guard failure == nil else { return }
            failure = ScreeningFormatError(format: UNConsolidatedListReader.format, message, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
            parser.abortParsing()
        }
    }

    // MARK: - Mapping

    static func entry(_ node: Node, listID: String) throws -> ListEntry {
        let isPerson = node.name == "INDIVIDUAL"
        guard let id = node.value("DATAID") else {
            throw ScreeningFormatError(format: format, "an \(node.name) has no DATAID", line: node.line)
        }
        var names: [ListName] = []
        let parts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"].compactMap { node.value($0) }
        let primary = parts.map(collapseSpaces).joined(separator: " ")
        if !primary.isEmpty { names.append(ListName(primary)) }
        var birthDates: [BirthDate] = []
        for alias in node.all(isPerson ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS") {
            if let text = alias.value("ALIAS_NAME").map(collapseSpaces) {
                let quality: NameQuality = alias.value("QUALITY")?.lowercased() == "low" ? .weak : .strong
                if !names.contains(where: { $0.text == text }) { names.append(ListName(text, quality: quality)) }
            }
            if let date = alias.value("DATE_OF_BIRTH").flatMap(partialDate), !birthDates.contains(.exact(date)) {
                birthDates.append(.exact(date))
            }
        }
        guard !names.isEmpty else {
            throw ScreeningFormatError(format: format, "\(node.name) \(id) has no name", line: node.line)
        }
        let originalScript = node.values("NAME_ORIGINAL_SCRIPT").map(collapseSpaces)

        for dob in node.all("INDIVIDUAL_DATE_OF_BIRTH") {
            if let date = birthDate(dob), !birthDates.contains(date) { birthDates.append(date) }
        }

        var countries: [String] = []
        func addCountry(_ text: String?) {
            if let text, let code = CountryText.code(text), !countries.contains(code) { countries.append(code) }
        }
        node.values("NATIONALITY").forEach(addCountry)
        for address in node.all(isPerson ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS") { addCountry(address.value("COUNTRY")) }
        for place in node.all("INDIVIDUAL_PLACE_OF_BIRTH") { addCountry(place.value("COUNTRY")) }

        var identifiers: [PartyIdentifier] = []
        for document in node.all("INDIVIDUAL_DOCUMENT") {
            guard let number = document.value("NUMBER") else { continue }
            let type = [document.value("TYPE_OF_DOCUMENT"), document.value("TYPE_OF_DOCUMENT2")].compactMap { $0 }.joined(separator: " ")
            let country = (document.value("ISSUING_COUNTRY") ?? document.value("COUNTRY_OF_ISSUE")).flatMap { CountryText.code($0) }
            identifiers.append(PartyIdentifier(type: type.isEmpty ? "document" : type, number: number, country: country))
        }

        let designation = node.values("DESIGNATION")
        let comments = node.value("COMMENTS1")
        let note = (designation + [comments].compactMap { $0 }).map(collapseSpaces).joined(separator: " — ")
        return ListEntry(
            list: listID, id: id, schema: isPerson ? .person : .organization, names: names,
            originalScriptNames: originalScript, birthDates: birthDates, countries: countries,
            gender: node.value("GENDER").flatMap { PartyGender(text: $0) }, identifiers: identifiers,
            listedOn: node.value("LISTED_ON").flatMap(partialDate), reference: node.value("REFERENCE_NUMBER"),
            program: node.value("UN_LIST_TYPE"), note: note.isEmpty ? nil : note)
    }

    static func birthDate(_ node: Node) -> BirthDate? {
        let type = node.value("TYPE_OF_DATE")?.uppercased() ?? "EXACT"
        let date = node.value("DATE").flatMap(partialDate) ?? node.value("YEAR").flatMap(partialDate)
        switch type {
        case "BETWEEN":
            if let from = node.value("FROM_YEAR").flatMap(partialDate), let to = node.value("TO_YEAR").flatMap(partialDate) {
                return .between(from, to)
            }
            return date.map { .approximately($0) }
        case "APPROXIMATELY":
            return date.map { .approximately($0) }
        default:
            return date.map { .exact($0) }
        }
    }

    /// `1964-07-17`, `1964`, or a timestamp starting with a date.
    static func partialDate(_ text: String) -> PartialDate? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return PartialDate(trimmed) ?? PartialDate(trimmed.prefix(10))
    }

    static func collapseSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
