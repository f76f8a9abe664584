import Foundation
import JSON

/// A credential agents present as `Authorization: Bearer <token>`: who is calling, and which
/// servers they may call. Only the token's SHA-256 hash is stored.
public struct Grant: Sendable, Equatable {
    /// A random identifier, stable for the grant's life.
    public var id: String
    /// Unique among all grants, revoked ones included, so audit rows never become ambiguous.
    public var name: String
    /// The configured servers this grant may call (never empty).
    public var servers: [String]
    public var createdAt: Date
    /// When the grant stopped working; nil while it is active.
    public var revokedAt: Date?

    public init(id: String, name: String, servers: [String], createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.servers = servers
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// Whether an agent holding this grant may call `server`.
    public func covers(server: String) -> Bool {
        !isRevoked && servers.contains(server)
    }

    /// Grant names appear in audit rows, counter keys and log lines: keep them plain.
    static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
    static let maximumNameLength = 64

    /// Rejects names and server lists a grant cannot have, before anything is stored.
    static func validate(name: String, servers: [String]) throws(StoreError) {
        guard !name.isEmpty, name.count <= maximumNameLength, name.allSatisfy(nameCharacters.contains) else {
            throw StoreError.invalid(
                "grant name '\(name)' must be 1–\(maximumNameLength) letters, digits, '.', '_', '@' or '-'")
        }
        guard !servers.isEmpty else {
            throw StoreError.invalid("grant '\(name)' must cover at least one server")
        }
        if let empty = servers.first(where: \.isEmpty) {
            throw StoreError.invalid("grant '\(name)' names an empty server '\(empty)'")
        }
    }
}

/// A grant just created, with the only copy of its token that will ever exist.
public struct IssuedGrant: Sendable {
    public var grant: Grant
    /// Show it once and forget it: the store keeps only its hash.
    public var token: String

    public init(grant: Grant, token: String) {
        self.grant = grant
        self.token = token
    }
}

/// Grants, shared by every gateway process and the CLI on the same store.
public protocol GrantStore: Sendable {
    /// Creates a grant with a fresh random token. ``StoreError/conflict(_:)`` when the name is
    /// taken, ``StoreError/invalid(_:)`` for a bad name or an empty server list.
    func create(name: String, servers: [String], at now: Date) async throws -> IssuedGrant
    /// The active grant holding `token`, or nil when the token is unknown or revoked.
    func authenticate(token: String) async throws -> Grant?
    /// Every grant, revoked ones included, oldest first.
    func list() async throws -> [Grant]
    /// The grant named `name`, active or revoked.
    func grant(named name: String) async throws -> Grant?
    /// Stops the grant from working. ``StoreError/notFound(_:)`` for an unknown name; revoking
    /// a revoked grant returns it unchanged.
    func revoke(name: String, at now: Date) async throws -> Grant
}

extension GrantStore {
    /// Creates a grant now.
    public func create(name: String, servers: [String]) async throws -> IssuedGrant {
        try await create(name: name, servers: servers, at: Date())
    }

    /// Revokes a grant now.
    public func revoke(name: String) async throws -> Grant {
        try await revoke(name: name, at: Date())
    }
}

extension Grant {
    /// The grant as a JSON object with camelCase keys (never the token: the store has none).
    public var json: JSONValue {
        [
            "id": .string(id),
            "name": .string(name),
            "servers": .array(servers.map(JSONValue.string)),
            "createdAt": .string(Timestamp.string(createdAt)),
            "revokedAt": revokedAt.map { .string(Timestamp.string($0)) } ?? .null,
        ]
    }
}
