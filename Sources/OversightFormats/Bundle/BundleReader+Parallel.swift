import Foundation
import OversightCore

extension BundleReader {
    /// Like `read(_:_:)`, but parses on a second thread while `body` runs on the caller's, so that on a
    /// multi-core machine decoding and writing overlap. Same records, same order, same errors (with line
    /// numbers); an error on either side stops both.
    public func readInParallel(_ data: Data, _ body: (Record, String) throws -> Void) throws {
        let channel = BatchChannel()
        let reader = self
        let producer = Thread {
            do {
                var batch: [BatchChannel.Item] = []
                batch.reserveCapacity(BatchChannel.batchSize)
                try reader.read(data, lineNumbers: true) { record, json, line in
                    if channel.isCancelled { throw CancellationError() }
                    batch.append(BatchChannel.Item(record: record, json: json, line: line))
                    if batch.count == BatchChannel.batchSize {
                        channel.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                channel.put(batch)
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        producer.stackSize = 1 << 22
        producer.start()
        defer { channel.cancelAndWait() }
        while let batch = try channel.take() {
            for item in batch {
                do {
                    try body(item.record, item.json)
                } catch let error as ValidationError {
                    throw LineError(line: item.line, message: error.description)
                }
            }
        }
    }
}

/// A bounded hand-over of parsed batches from the parsing thread to the writing one.
final class BatchChannel: @unchecked Sendable {
    struct Item: Sendable {
        var record: Record
        var json: String
        var line: Int
    }

    static let batchSize = 1_024
    static let maxQueued = 8

    private let condition = NSCondition()
    private var queue: [[Item]] = []
    private var done = false
    private var failure: (any Error)?
    private var cancelled = false
    private var producerExited = false

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    func put(_ batch: [Item]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        while queue.count >= BatchChannel.maxQueued && !cancelled { condition.wait() }
        if !cancelled { queue.append(batch) }
        condition.broadcast()
        condition.unlock()
    }

    func finish(_ error: (any Error)?) {
        condition.lock()
        done = true
        failure = error
        producerExited = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end, or the producer's error.
    func take() throws -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !done { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure, !(failure is CancellationError) { throw failure }
        return nil
    }

    func cancelAndWait() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !producerExited { condition.wait() }
        condition.unlock()
    }
}
