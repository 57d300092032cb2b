import OversightCore

/// What the layout needs on every page: the title, where the page is, and the knowledge date.
///
/// View models are plain structs with stored properties because Mustache reads them by reflection.
struct PageChrome: Sendable {
    var title: String
    /// The page's path without the query, for the knowledge-date form and the "today" link.
    var path: String
    /// The knowledge date, when the page shows evidence as known on it.
    var asOf: String?
    /// `?asOf=…` or empty: appended to every link so the date carries across pages.
    var asOfQuery: String
    /// The signed-in user, on workflow pages (their name, role, sign-out form, and the links their role may use).
    var user: SignedInView? = nil
    /// The session's CSRF token, echoed in a hidden field of every form that writes (evidence editing pages).
    var csrf: String? = nil

    init(title: String, path: String, asOf: Day?) {
        self.title = title
        self.path = path
        self.asOf = asOf?.description
        self.asOfQuery = Paths.asOfQuery(asOf)
    }

    /// The same chrome carrying the session's CSRF token for the page's forms.
    func withCSRF(_ token: String?) -> PageChrome {
        var copy = self
        copy.csrf = token
        return copy
    }
}

/// A link to a record's page.
struct LinkView: Sendable {
    var name: String
    var href: String
    var kindLabel: String

    init(name: String, href: String, kindLabel: String) {
        self.name = name
        self.href = href
        self.kindLabel = kindLabel
    }

    init(entity: any EvidenceEntity, asOf: Day?) {
        let kind = type(of: entity).kind
        self.name = entity.displayName
        self.href = Paths.page(kind: kind, id: entity.id, asOf: asOf)
        self.kindLabel = kind.rawValue
    }

    /// A link to a record that may be missing from the store: then it names the id and opens the generic page.
    init(id: String, in entities: [String: any EvidenceEntity], asOf: Day?) {
        if let entity = entities[id] {
            self.init(entity: entity, asOf: asOf)
        } else {
            self.init(name: id, href: SitePath.entity.href(id) + Paths.asOfQuery(asOf), kindLabel: "record")
        }
    }
}

/// A label and a number.
struct CountView: Sendable {
    var label: String
    var count: Int
}

/// The error page.
struct ErrorPage: Sendable {
    var chrome: PageChrome
    var statusCode: Int
    var reason: String
    var message: String
}
