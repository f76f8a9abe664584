import Foundation

/// One applied version of a server's policy: who applied what, and when.
public struct PolicyVersion: Sendable, Equatable {
    public var server: String
    /// 1, 2, 3… per server.
    public var number: Int
    /// The policy document's text, as applied.
    public var document: String
    public var createdBy: String
    public var createdAt: Date
    public var comment: String?

    public init(server: String, number: Int, document: String, createdBy: String, createdAt: Date, comment: String? = nil) {
        self.server = server
        self.number = number
        self.document = document
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.comment = comment
    }
}

/// Every version of every server's policy, kept forever (a rollback applies an old one anew).
public protocol PolicyVersionStore: Sendable {
    /// Stores a new version, numbered after the server's latest.
    func append(server: String, document: String, by: String, comment: String?, at now: Date) async throws -> PolicyVersion
    /// The server's versions, newest first.
    func history(server: String) async throws -> [PolicyVersion]
    func version(server: String, number: Int) async throws -> PolicyVersion?
    func latest(server: String) async throws -> PolicyVersion?
}
