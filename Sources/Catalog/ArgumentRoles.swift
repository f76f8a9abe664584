import Policy

/// The inputs a recommended rule may guard, found in a tool's schema: where it takes a URL, a
/// file path, credentials, recipients, amounts (docs/classification.md, "Recommended rules").
public struct ArgumentRoles: Sendable, Equatable {
    /// A top-level URL-like string (`url`, `uri`, `target` with `format: uri`).
    public var url: ArgumentPath?
    /// A top-level file or folder path (`path`, `file_path`, `directory`).
    public var path: ArgumentPath?
    /// Credentials written by the call: tokens, passwords, secrets, keys, scopes, roles — at any
    /// depth, outside arrays. Not a token the caller passes only to sign in to the service.
    public var credentials: [ArgumentPath]
    /// People the call reaches on the user's behalf: `attendees`, `recipients`, `to`, `cc`.
    public var recipients: ArgumentPath?
    /// Numbers that are money: `amount`, `unit_amount`, `daily_budget`, `amountMicros`, with
    /// whether each is required.
    public var amounts: [(path: ArgumentPath, isRequired: Bool, isMicros: Bool)]

    public init(url: ArgumentPath? = nil, path: ArgumentPath? = nil, credentials: [ArgumentPath] = [], recipients: ArgumentPath? = nil,
                amounts: [(path: ArgumentPath, isRequired: Bool, isMicros: Bool)] = []) {
        self.url = url
        self.path = path
        self.credentials = credentials
        self.recipients = recipients
        self.amounts = amounts
    }

    public static func == (lhs: ArgumentRoles, rhs: ArgumentRoles) -> Bool {
        lhs.url == rhs.url && lhs.path == rhs.path && lhs.credentials == rhs.credentials && lhs.recipients == rhs.recipients
            && lhs.amounts.map(\.path) == rhs.amounts.map(\.path)
    }

    static let credentialWords: Set<String> = [
        "token", "password", "passwd", "passphrase", "secret", "apikey", "credential", "credentials", "scope", "scopes",
        "role", "roles", "permission", "permissions", "privatekey",
    ]
    static let recipientNames: Set<String> = ["attendees", "recipients", "recipient", "to", "cc", "bcc", "invitees", "emails", "email_addresses", "phone_numbers"]
    static let moneyWords: Set<String> = ["amount", "budget", "bid", "spend", "price"]

    static func find(_ facts: ToolFacts, readOnly: Bool) -> ArgumentRoles {
        var roles = ArgumentRoles()
        roles.url = ActionRefiner.urlProperty(facts).flatMap(argument)
        // A path inside a repository named by `owner` and `repo` is on a hosting service, not this machine.
        let inHostedRepository = facts.properties.contains { $0.isTopLevel && $0.name.lowercased() == "owner" }
            && facts.properties.contains { $0.isTopLevel && ["repo", "repository"].contains($0.name.lowercased()) }
        roles.path = inHostedRepository ? nil : facts.properties.first { property in
            property.isTopLevel && !property.isNumeric && !property.isBoolean && !property.isReference
                && Vocabulary.pathWords.contains(property.words.last ?? "") && !property.words.contains("url")
        }.flatMap(argument)
        guard !readOnly else { return roles }
        roles.credentials = facts.properties.filter(isWrittenCredential).compactMap(argument)
        roles.recipients = facts.properties.first { $0.isTopLevel && recipientNames.contains($0.name.lowercased()) }.flatMap(argument)
        roles.amounts = facts.properties.compactMap { property in
            guard property.isNumeric, !property.isInsideArray, !Set(property.words).isDisjoint(with: moneyWords),
                  let path = argument(property) else { return nil }
            return (path, property.isRequired, property.words.last == "micros")
        }
        return roles
    }

    /// A credential the call writes: nested in a body (`requestBody.refreshToken`), or a
    /// top-level `password`/`role`/`secret` — not the `access_token` a call signs in with.
    private static func isWrittenCredential(_ property: SchemaProperty) -> Bool {
        guard !property.isInsideArray, !property.isReference, !property.isNumeric, !property.isBoolean else { return false }
        let words = property.words
        guard !Set(words).isDisjoint(with: credentialWords) else { return false }
        if words.contains(where: { $0.hasPrefix("token") }), let index = words.firstIndex(where: { $0.hasPrefix("token") }), index > 0,
           SensitivityDetector.nonCredentialTokenContext.contains(words[index - 1]) {
            return false
        }
        if property.isTopLevel, Vocabulary.serviceCredentialProperties.contains(words) { return false }
        return true
    }

    private static func argument(_ property: SchemaProperty) -> ArgumentPath? {
        property.path.allSatisfy { !$0.isEmpty && !$0.contains(".") } ? ArgumentPath(segments: property.path) : nil
    }
}
