extension SessionError {
    /// The value of a task starting an upstream connection (a session's or a pool's), its failure
    /// as a `SessionError` naming the server.
    static func awaiting<Value: Sendable>(_ task: Task<Value, any Error>, server: String) async throws(SessionError) -> Value {
        do {
            return try await task.value
        } catch let error as SessionError {
            throw error
        } catch {
            throw .upstreamUnavailable(server: server, reason: "\(error)")
        }
    }
}
