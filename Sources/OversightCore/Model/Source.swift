/// A document that evidence is drawn from: a report, an article, a court record, a data set.
public struct Source: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var publisher: String
    /// When the source was published. A claim becomes public on its earliest citation's publication date.
    public var published: PartialDate
    public var url: String?
    public var archiveURL: String?
    /// `report`, `news`, `court`, `official`, `dataset`, `testimony`, `other`.
    public var kind: String?
    public var language: String?
    public var author: String?
    public var note: String?

    public init(id: String, title: String, publisher: String, published: PartialDate, url: String? = nil,
                archiveURL: String? = nil, kind: String? = nil, language: String? = nil, author: String? = nil,
                note: String? = nil) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.published = published
        self.url = url
        self.archiveURL = archiveURL
        self.kind = kind
        self.language = language
        self.author = author
        self.note = note
    }

    /// The day from which the source is certainly public: the last day its (possibly partial) date may
    /// stand for, so a source dated only "2023-01" is not taken as known on 1 January.
    public var publicFrom: Day { published.latestDay }
}

/// Where in a source a claim is supported.
public struct Citation: Hashable, Sendable, Codable {
    public var source: String
    public var page: String?
    public var paragraph: String?
    public var timestamp: String?
    public var url: String?
    public var archiveURL: String?
    /// A short quotation or paraphrase of what the source says at this point.
    public var excerpt: String?

    public init(source: String, page: String? = nil, paragraph: String? = nil, timestamp: String? = nil,
                url: String? = nil, archiveURL: String? = nil, excerpt: String? = nil) {
        self.source = source
        self.page = page
        self.paragraph = paragraph
        self.timestamp = timestamp
        self.url = url
        self.archiveURL = archiveURL
        self.excerpt = excerpt
    }

    /// A human-readable access point ("p. 12, para. 4"), empty when none is given.
    public var accessPoint: String {
        var parts: [String] = []
        if let page { parts.append("p. \(page)") }
        if let paragraph { parts.append("para. \(paragraph)") }
        if let timestamp { parts.append("at \(timestamp)") }
        return parts.joined(separator: ", ")
    }
}
