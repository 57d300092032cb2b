/// Turns a view model into nested dictionaries and arrays once, before rendering.
///
/// Mustache looks every name up by reflection (`Mirror`) on the objects of its context stack, so a page with
/// many sections reflects the same structs again and again; profiling the application page under load showed
/// that lookup as half the server's CPU time. Reflecting each value once and handing Mustache dictionaries
/// (which it reads by key) renders the same page for a fraction of the cost. Absent optionals are left out,
/// which Mustache treats exactly like a nil property.
enum ViewFlattener {
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Double, is Substring:
            return value
        default:
            break
        }
        if let optional = value as? any OptionalView {
            guard let wrapped = optional.wrappedView else { return value }
            return flatten(wrapped)
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .collection, .set:
            return mirror.children.map { flatten($0.value) }
        case .dictionary:
            var result: [String: Any] = [:]
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                guard pair.count == 2, let key = pair[0] as? String, let element = unwrapped(pair[1]) else { continue }
                result[key] = flatten(element)
            }
            return result
        case .struct where !(value is any CustomStringConvertible):
            var result: [String: Any] = [:]
            for child in mirror.children {
                guard let label = child.label, let element = unwrapped(child.value) else { continue }
                result[label] = flatten(element)
            }
            return result
        default:
            return value
        }
    }

    /// The value an optional holds, nil for an empty optional, the value itself otherwise. (A cast, not a
    /// `Mirror`: this runs for every property of every view value.)
    private static func unwrapped(_ value: Any) -> Any? {
        guard let optional = value as? any OptionalView else { return value }
        return optional.wrappedView.flatMap(unwrapped)
    }
}

/// Any `Optional`, seen through its wrapped value.
private protocol OptionalView {
    var wrappedView: Any? { get }
}

extension Optional: OptionalView {
    fileprivate var wrappedView: Any? { self.map { $0 as Any } }
}
