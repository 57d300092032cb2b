import OversightCore

/// GRDB also declares a `Record`; the store module re-exports the evidence record under its own name.
public typealias Record = OversightCore.Record
