import Logging
import OversightStore
import ServiceLifecycle

/// The database as a service of the server's `ServiceGroup`: it stays open while the group runs and is closed
/// (the PostgreSQL pool drained and its task ended) on graceful shutdown. Listed before the HTTP server, it is
/// shut down after it, so requests still in flight finish against an open store.
public struct StoreService: Service {
    public let store: any DatabaseStore
    public let logger: Logger

    public init(store: any DatabaseStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func run() async throws {
        // Returns at graceful shutdown, or throws when the group is cancelled: close the store either way.
        try? await gracefulShutdown()
        await store.close()
        logger.info("database closed: \(store.location)")
    }
}
