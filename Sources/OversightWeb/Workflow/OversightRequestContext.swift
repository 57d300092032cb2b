import Hummingbird

/// The request context of every route: Hummingbird's basic context plus the client's address, which the
/// sign-in limits count attempts against.
public struct OversightRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address; nil when the transport has none (the in-process test client).
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}
