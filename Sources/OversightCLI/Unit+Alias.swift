import OversightCore

/// Foundation also declares a `Unit` (measurement units); in this module the name means the security-force unit.
typealias Unit = OversightCore.Unit
