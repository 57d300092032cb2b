/// The JSON of a candidate, written directly: a large export has a million of them, and the general encoder
/// would cost more than the rest of the import. It decodes with `JSONDecoder` like any `Codable` value (a test
/// holds the two in step).
extension CandidateIncident {
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + notes.utf8.count)
        var first = true
        func key(_ name: String) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            JSONBytes.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func string(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONBytes.appendString(value, to: &out)
        }
        func raw(_ name: String, _ text: String) {
            key(name)
            out.append(contentsOf: text.utf8)
        }
        func strings(_ name: String, _ values: [String]) {
            key(name)
            out.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONBytes.appendString(v, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        string("eventID", eventID)
        raw("timestamp", String(timestamp))
        string("status", status.rawValue)
        string("incidentID", incidentID)
        raw("upstreamChanged", upstreamChanged ? "true" : "false")
        raw("upstreamDeleted", upstreamDeleted ? "true" : "false")
        string("country", country)
        string("eventDate", eventDate.description)
        raw("timePrecision", String(timePrecision))
        key("range")
        var inner = "{"
        if let start = range.start { inner += "\"start\":\"\(start)\"," }
        if let end = range.end { inner += "\"end\":\"\(end)\"," }
        inner += "\"startIsReal\":\(range.startIsReal),\"endIsReal\":\(range.endIsReal),\"precise\":\(range.precise)}"
        out.append(contentsOf: inner.utf8)
        string("place", place)
        string("admin1", admin1)
        string("admin2", admin2)
        if let latitude, latitude.isFinite { raw("latitude", "\(latitude)") }
        if let longitude, longitude.isFinite { raw("longitude", "\(longitude)") }
        raw("geoPrecision", String(geoPrecision))
        if let uncertaintyMetres { raw("uncertaintyMetres", String(uncertaintyMetres)) }
        string("eventType", eventType)
        string("subEventType", subEventType)
        strings("violations", violations)
        raw("fatalities", String(fatalities))
        raw("stateForces", stateForces ? "true" : "false")
        key("stateActors")
        out.append(UInt8(ascii: "["))
        for (i, actor) in stateActors.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"name":"#.utf8)
            JSONBytes.appendString(actor.name, to: &out)
            if let unit = actor.unit {
                out.append(contentsOf: #","unit":"#.utf8)
                JSONBytes.appendString(unit, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        strings("actors", actors)
        string("notes", notes)
        string("sources", sources)
        string("layout", layout)
        string("reviewNote", reviewNote)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
