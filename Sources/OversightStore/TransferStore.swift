import OversightCore

/// Where the SIPRI arms transfers live: a cross-reference kept apart from the evidence claims. Every adapter
/// promises the same behaviour.
public protocol TransferStore: Sendable {
    /// Replaces every stored transfer with `transfers` in one transaction (a failed write keeps the old ones),
    /// recording where they came from.
    func replaceTransfers(_ transfers: [ArmsTransfer], dataset: TransferDataset) async throws

    /// The stored transfers whose supplier or recipient code is among `countries` (all when nil), by deal then year.
    func transfers(involving countries: Set<String>?) async throws -> [ArmsTransfer]

    /// The dataset last imported, nil when none.
    func transferDataset() async throws -> TransferDataset?
}

/// Where the stored transfers came from.
public struct TransferDataset: Sendable, Hashable, Codable {
    /// `SIPRI Arms Transfers Database`.
    public var title: String
    /// `older (2025)` or `2026`.
    public var layout: String
    /// The file's "Data generated" note, when it has one.
    public var generated: String?
    /// The file name imported.
    public var file: String
    public var rows: Int

    public init(title: String, layout: String, generated: String?, file: String, rows: Int) {
        self.title = title
        self.layout = layout
        self.generated = generated
        self.file = file
        self.rows = rows
    }
}
