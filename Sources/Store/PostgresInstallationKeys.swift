import PostgresNIO

/// Secrets of the whole installation that every replica must share, in PostgreSQL: today the
/// ``ArgumentDigestKey`` (replicas with keys of their own would write digests nobody could
/// compare). The first replica to start makes it; the others read it.
enum PostgresInstallationKeys {
    static let createTables: [PostgresQuery] = [
        "CREATE TABLE installation_key (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]

    static let argumentDigestName = "argument_digest"

    /// The shared argument digest key, made now when no replica has made one yet.
    static func argumentDigestKey(in database: PostgresDatabase) async throws(StoreError) -> ArgumentDigestKey {
        let candidate = ArgumentDigestKey.random()
        try await database.query("installation keys", """
            INSERT INTO installation_key (name, value) VALUES (\(argumentDigestName), \(candidate.hex)) ON CONFLICT (name) DO NOTHING
            """)
        let rows = try await database.query("installation keys",
                                            "SELECT value FROM installation_key WHERE name = \(argumentDigestName)")
        var stored: String?
        do {
            for try await value in rows.decode(String.self) { stored = value }
        } catch {
            throw StoreError.unavailable("installation keys: \(String(reflecting: error))")
        }
        guard let stored, let key = ArgumentDigestKey(hex: stored) else {
            throw StoreError.unavailable("installation keys: the argument digest key in installation_key is missing or damaged")
        }
        return key
    }
}
