/// What an ``AuditLog`` holds that its store does not have yet.
public struct AuditBacklog: Sendable, Equatable {
    /// Rows that nothing waits for (refusals, events), kept since a write failed.
    public var rows: Int
    /// Outcomes of forwarded calls, normally written within a fraction of a second.
    public var outcomes: Int
    /// The spool file, while one holds them.
    public var spool: String?
}
