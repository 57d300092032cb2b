/// Whom a UN arms embargo covers.
public enum EmbargoScope: String, Hashable, Sendable, Codable, CaseIterable {
    /// The whole state, its government included (exemptions are in the embargo's note).
    case wholeState = "whole-state"
    /// Recipients in a territory: the whole country's territory or a region of it, such as Darfur.
    case territory
    /// Non-governmental forces, armed groups and individuals; the government is not under the embargo.
    case nonStateActors = "non-state-actors"
    /// Persons and entities designated by a sanctions committee.
    case listedPersons = "listed-persons"
}
