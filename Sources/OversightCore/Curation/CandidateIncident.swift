/// What became of a candidate incident drawn from an event dataset (ACLED).
public enum CandidateStatus: String, Sendable, Codable, CaseIterable {
    /// Imported, not yet reviewed by a researcher.
    case candidate
    /// Confirmed as an incident of its own.
    case confirmed
    /// Merged into an existing incident (its event is cited by that incident's claims).
    case merged
    /// Rejected by a researcher (not a violation, duplicate, out of scope…).
    case rejected
}

/// A state-force actor named by an event, with the unit it stands for when a mapping exists.
public struct CandidateActor: Hashable, Sendable, Codable {
    /// The actor exactly as the dataset names it, e.g. "Police Forces of Peru (2022-)".
    public var name: String
    /// The unit it maps to, or nil when a researcher still has to link it.
    public var unit: String?

    public init(name: String, unit: String? = nil) {
        self.name = name
        self.unit = unit
    }
}

/// An event of an external dataset proposed as an incident: kept apart from the evidence base until a
/// researcher confirms it, merges it into an existing incident or rejects it.
///
/// The dates and the place keep the dataset's precision: an event known only to the week or the month is an
/// imprecise range, a place known only to the region carries its uncertainty in metres.
public struct CandidateIncident: Hashable, Sendable, Codable, Identifiable {
    /// The dataset's stable event id (ACLED `event_id_cnty`).
    public var eventID: String
    /// The dataset's version stamp of the event (ACLED `timestamp`, Unix seconds); a newer one replaces it.
    public var timestamp: Int64
    public var status: CandidateStatus
    /// The incident it was confirmed as or merged into.
    public var incidentID: String?
    /// The dataset changed the event after it was confirmed or merged: a researcher should look again.
    public var upstreamChanged: Bool
    /// The event is no longer in the dataset's latest export.
    public var upstreamDeleted: Bool
    /// ISO 3166 alpha-2.
    public var country: String
    /// The day the dataset codes the event on.
    public var eventDate: Day
    /// The dataset's time precision code (ACLED: 1 day, 2 week, 3 month).
    public var timePrecision: Int
    /// The dates with that precision.
    public var range: DateRange
    public var place: String
    public var admin1: String?
    public var admin2: String?
    public var latitude: Double?
    public var longitude: Double?
    /// The dataset's geographic precision code (ACLED: 1 the place, 2 near it, 3 the region).
    public var geoPrecision: Int
    /// How far the true place may be from the coordinates, in metres.
    public var uncertaintyMetres: Int?
    public var eventType: String
    public var subEventType: String
    /// Violation codes of the reference taxonomy the event suggests (may be empty).
    public var violations: [String]
    public var fatalities: Int
    /// A state force is among the actors.
    public var stateForces: Bool
    /// The state-force actors, mapped to units where a mapping exists.
    public var stateActors: [CandidateActor]
    /// Every actor as the dataset names it (actor 1, associated actors, actor 2…).
    public var actors: [String]
    /// The dataset's description of the event.
    public var notes: String
    /// The dataset's own sources (ACLED `source`), e.g. "La Republica; Infobae".
    public var sources: String
    /// `acled-2023` or `acled-legacy`: the layout of the file it came from.
    public var layout: String
    /// The researcher's note on the review (why it was rejected…).
    public var reviewNote: String?

    public var id: String { eventID }

    public init(eventID: String, timestamp: Int64, status: CandidateStatus = .candidate, incidentID: String? = nil,
                upstreamChanged: Bool = false, upstreamDeleted: Bool = false, country: String, eventDate: Day,
                timePrecision: Int, range: DateRange, place: String, admin1: String? = nil, admin2: String? = nil,
                latitude: Double? = nil, longitude: Double? = nil, geoPrecision: Int, uncertaintyMetres: Int? = nil,
                eventType: String, subEventType: String, violations: [String], fatalities: Int, stateForces: Bool,
                stateActors: [CandidateActor], actors: [String], notes: String, sources: String, layout: String,
                reviewNote: String? = nil) {
        self.eventID = eventID
        self.timestamp = timestamp
        self.status = status
        self.incidentID = incidentID
        self.upstreamChanged = upstreamChanged
        self.upstreamDeleted = upstreamDeleted
        self.country = country
        self.eventDate = eventDate
        self.timePrecision = timePrecision
        self.range = range
        self.place = place
        self.admin1 = admin1
        self.admin2 = admin2
        self.latitude = latitude
        self.longitude = longitude
        self.geoPrecision = geoPrecision
        self.uncertaintyMetres = uncertaintyMetres
        self.eventType = eventType
        self.subEventType = subEventType
        self.violations = violations
        self.fatalities = fatalities
        self.stateForces = stateForces
        self.stateActors = stateActors
        self.actors = actors
        self.notes = notes
        self.sources = sources
        self.layout = layout
        self.reviewNote = reviewNote
    }

    /// "Excessive force against protesters in Juliaca".
    public var title: String { place.isEmpty ? subEventType : "\(subEventType) in \(place)" }

    /// The id an incident confirmed from this event gets.
    public var proposedIncidentID: String { "incident:acled-\(eventID.lowercased())" }

    /// The id of the source record that stands for this event in the dataset.
    public var sourceID: String { "src:acled-\(eventID.lowercased())" }

    /// The id of the location record of its place.
    public var proposedLocationID: String { "location:acled-\(eventID.lowercased())" }

    /// The units the state-force actors map to.
    public var mappedUnits: [String] { stateActors.compactMap(\.unit) }

    /// The state-force actors still to be linked to a unit by a researcher.
    public var unmappedActors: [String] { stateActors.filter { $0.unit == nil }.map(\.name) }

    /// The location record of its place, with the uncertainty of the dataset's geographic precision.
    public func proposedLocation() -> Location {
        Location(id: proposedLocationID, name: place.isEmpty ? (admin1 ?? country) : place, admin1: admin1,
                 admin2: admin2, country: country, latitude: latitude, longitude: longitude,
                 uncertaintyMetres: uncertaintyMetres)
    }

    /// The incident it proposes; `violations` must not be empty for the evidence base to accept it, so a
    /// researcher supplies them where the mapping found none.
    public func proposedIncident(id: String? = nil, location: String? = nil, violations: [String]? = nil) -> Incident {
        var description = notes
        if !unmappedActors.isEmpty {
            description += (description.isEmpty ? "" : " ") + "[State actors not yet linked to a unit: \(unmappedActors.joined(separator: "; "))]"
        }
        return Incident(id: id ?? proposedIncidentID, title: title, country: country, location: location, place: place,
                        range: range, violations: violations ?? self.violations,
                        killed: stateForces || fatalities > 0 ? fatalities : nil, perpetratorUnits: mappedUnits,
                        stateForces: stateForces, description: description.isEmpty ? nil : description)
    }

    /// The source record that stands for this event in the dataset: published on the day of its timestamp.
    public func proposedSource() -> Source {
        let day = Day(ordinal: Int(timestamp / 86_400))
        return Source(id: sourceID, title: "ACLED event \(eventID): \(title)", publisher: "Armed Conflict Location & Event Data (ACLED)",
                      published: PartialDate(day), url: "https://acleddata.com/", kind: "dataset",
                      note: sources.isEmpty ? nil : "ACLED cites: \(sources)")
    }
}

/// What a re-synchronisation with a dataset export did.
public struct CandidateSyncSummary: Sendable, Equatable, Codable {
    /// Events seen for the first time.
    public var added: Int
    /// Events whose timestamp is newer than the stored one (replaced).
    public var updated: Int
    /// Events already stored with the same or a newer timestamp.
    public var unchanged: Int
    /// Stored events of the export's countries and period that the export no longer has.
    public var deleted: Int
    /// Up to 100 of the deleted event ids, sorted.
    public var deletedIDs: [String]
    /// Confirmed or merged events that changed upstream and need a researcher's look.
    public var changedAfterReview: Int

    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, deleted: Int = 0, deletedIDs: [String] = [],
                changedAfterReview: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
        self.deletedIDs = deletedIDs
        self.changedAfterReview = changedAfterReview
    }

    public var total: Int { added + updated + unchanged }
}
