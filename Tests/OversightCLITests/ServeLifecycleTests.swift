import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `oversight serve` runs the server and the database as one service group: requests are logged, and SIGTERM
/// stops it cleanly (the server drains, then the store closes, and the process exits 0).
struct ServeLifecycleTests {
    static var backends: [[String]] {
        var all = [["--db"]]
        if let url = ProcessInfo.processInfo.environment["OVERSIGHT_TEST_DATABASE_URL"], !url.isEmpty {
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            all.append(["--database-url", url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"])
        }
        return all
    }

    @Test(arguments: backends)
    func sigtermStopsTheServerAndClosesTheStore(database: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oversight-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = database == ["--db"] ? ["--db", folder.appendingPathComponent("serve.sqlite").path] : database
        let server = Process()
        server.executableURL = CLITests.binary
        server.arguments = ["serve", "--port", "0"] + target
        server.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "info"
        server.environment = environment
        let err = Pipe()
        server.standardError = err
        server.standardOutput = err
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        var (log, port) = CLITests.awaitListening(err)
        let listening = try #require(port, "the server said where it listens: \(log)")
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(listening)/healthz?probe=lifecycle")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok")

        kill(server.processIdentifier, SIGTERM)
        log += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0, "\(log)")
        #expect(log.contains("/healthz"), "the request was logged: \(log)")
        #expect(log.contains("database closed"), "the store was closed on shutdown: \(log)")
        #expect(log.contains("stopped"))
    }
}
