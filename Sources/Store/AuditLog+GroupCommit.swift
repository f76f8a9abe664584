import Foundation

/// Group commit: the first caller writes at once; callers arriving meanwhile queue and go
/// together in the next write, which hands the lead on.
extension AuditLog {
    /// Leads at once when nobody is writing; otherwise queues until a batch carries the
    /// caller's row or hands it the lead.
    func turn(for entry: AuditEntry?) async throws -> Turn {
        guard writing else {
            writing = true
            return .lead
        }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(entry: entry, continuation: continuation))
            tellQueueWatchers()
        }
    }

    /// Writes the leader's row with everything queued, releases the followers, passes the lead.
    func lead(with entry: AuditEntry?) async throws -> Int64? {
        let followers = takeFollowers(room: entry == nil ? maxBatch : maxBatch - 1)
        let spooledAtStart = spooling
        let finished = completions
        completions.removeAll()
        // Deferred rows go last, so the callers' ids come first; they fill what room is left.
        let waitedFor = (entry.map { [$0] } ?? []) + followers.compactMap(\.entry)
        let late = Array(deferred.prefix(max(0, maxBatch - waitedFor.count)))
        deferred.removeFirst(late.count)
        let entries = waitedFor + late
        do {
            let ids = try await store.write(appending: entries, completing: finished)
            guard ids.count == entries.count else {
                throw StoreError.unavailable("audit log: the store returned \(ids.count) ids for \(entries.count) rows")
            }
            counts.rows += entries.count
            counts.transactions += 1
            spoolDrained(rows: late.count, completions: finished.count, spooledAtStart: spooledAtStart)
            var followerIDs = ids.dropFirst(entry == nil ? 0 : 1).makeIterator()
            for follower in followers {
                follower.continuation.resume(returning: .written(follower.entry == nil ? nil : followerIDs.next()))
            }
            passTheLead()
            return entry == nil ? nil : ids.first
        } catch {
            logger.error("audit log: write failed; the calls waiting on it are refused", metadata: ["error": "\(error)"])
            completions.insert(contentsOf: finished, at: 0)
            deferred.insert(contentsOf: late, at: 0)
            if spooling && !spooledAtStart {
                // The spool started while this batch was out: it lacks the batch, now back at the
                // queues' front. Rewritten in queue order — unless the file already holds more
                // than the queues, which must stay on disk.
                if spoolDiverged { writeToSpool(rows: late, completions: finished) } else { rewriteSpool() }
            } else {
                startSpooling()
            }
            for follower in followers { follower.continuation.resume(throwing: error) }
            passTheLead()
            throw error
        }
    }

    func tellQueueWatchers() {
        guard !queueWatchers.isEmpty else { return }
        let told = queueWatchers.filter { $0.count <= waiting.count }
        queueWatchers.removeAll { $0.count <= waiting.count }
        for watcher in told { watcher.continuation.resume() }
    }

    func takeFollowers(room: Int) -> [Waiter] {
        var taken: [Waiter] = []
        var rows = 0
        var index = 0
        while index < waiting.count {
            let hasRow = waiting[index].entry != nil
            if hasRow && rows == room { break }
            taken.append(waiting[index])
            if hasRow { rows += 1 }
            index += 1
        }
        waiting.removeFirst(index)
        return taken
    }

    func passTheLead() {
        if waiting.isEmpty {
            writing = false
            if hasQueued { wake.yield() }
        } else {
            waiting.removeFirst().continuation.resume(returning: .lead)
        }
    }
}
