// Audit log benchmark: how fast the group-committing AuditLog makes rows durable on SQLite.
// For 1 and 64 concurrent recorders (each records, waits until its row is durable, repeats),
// prints rows per second, rows per transaction, the p50/p99 wait of one record() call, and the
// process's CPU time per row (record + complete).
//
//   scripts/bench-audit [ROWS-PER-RUN]      (builds in release mode and runs this)
import BenchmarkSupport
import Foundation
import Store

func percentile(_ sorted: [UInt64], _ p: Double) -> UInt64 {
    sorted[min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))]
}

/// A realistic tools/call row: digest, redacted arguments, decision and rule.
func row(_ index: Int) -> AuditEntry {
    AuditEntry(kind: .toolCall, grant: "grant-\(index % 8)", session: "session-\(index % 64)", server: "demo",
               tool: index % 3 == 0 ? "UpdateOneConnectedAccount" : "ListPeople", decision: "allow",
               rule: "/tools/ListPeople", argumentsDigest: String(repeating: "ab", count: 32),
               arguments: #"{"filter":{"name":"Ada"},"limit":\#(index % 50),"token":"[redacted]"}"#)
}

func run(recorders: Int, rows total: Int, in directory: String, report: Bool = true) async throws {
    let store = SQLiteAuditStore(database: try SQLiteDatabase(directory: directory))
    let log = AuditLog(store: store)
    let perRecorder = max(1, total / recorders)
    let started = now()
    let cpuStarted = cpuMicroseconds()
    let waits = try await withThrowingTaskGroup(of: [UInt64].self) { group in
        for recorder in 0..<recorders {
            group.addTask {
                var waits: [UInt64] = []
                waits.reserveCapacity(perRecorder)
                for index in 0..<perRecorder {
                    let start = now()
                    let id = try await log.record(row(recorder * perRecorder + index))
                    waits.append(now() - start)
                    await log.complete(AuditCompletion(id: id, outcome: .ok, latencyMs: 1.5))
                }
                return waits
            }
        }
        return try await group.reduce(into: [UInt64]()) { $0 += $1 }.sorted()
    }
    try await log.flush()
    let seconds = Double(now() - started) / 1e9
    let cpuPerRow = (cpuMicroseconds() - cpuStarted) / Double(max(1, total))
    let statistics = await log.statistics
    let rowsPerSecond = Double(waits.count) / seconds
    guard report else { return }
    print(String(format: "%2d recorders: %7.0f rows/s  %5.1f rows/transaction  wait p50 %6.1f µs  p99 %7.1f µs  CPU %5.1f µs/row  (%d rows)",
                 recorders, rowsPerSecond, Double(statistics.rows) / Double(max(1, statistics.transactions)),
                 Double(percentile(waits, 50)) / 1000, Double(percentile(waits, 99)) / 1000, cpuPerRow, waits.count))
}

let rows = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let root = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-bench-audit-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: root) }
print("audit log on SQLite (WAL, synchronous=NORMAL), \(rows) rows per run, record() waits until the row is durable")
for recorders in [1, 64] {
    try await run(recorders: 1, rows: 500, in: root + "/warmup-\(recorders)", report: false)
    try await run(recorders: recorders, rows: rows, in: root + "/run-\(recorders)")
}
