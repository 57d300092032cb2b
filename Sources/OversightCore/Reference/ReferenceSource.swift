/// Where one reference data file comes from, so that reports can cite it and assessments can record it.
public struct ReferenceSource: Hashable, Sendable, Codable {
    /// The resource file name, e.g. `embargoes.json`.
    public var file: String
    /// The sources the facts are taken from, in words.
    public var source: String
    public var version: String

    public init(file: String, source: String, version: String) {
        self.file = file
        self.source = source
        self.version = version
    }
}
