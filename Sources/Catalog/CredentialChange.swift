import Policy

/// How a tool changes credentials, keys, tokens, permissions or security settings.
public enum CredentialChange: Sendable, Equatable {
    /// What it changes is itself a credential or access (`set_api_keys`, `create_user` with a
    /// `password`, a connected account): every call does. The evidence, quoted.
    case object(Evidence)
    /// It changes something else, and can carry credentials along in these optional inputs
    /// (`requestBody.refreshToken`): only calls that set them change credentials.
    case inputs([ArgumentPath])

    /// From what the classifier found: credentials in the name or description of a tool that
    /// changes something, a required or top-level credential input, or only optional nested ones.
    static func of(
        actions: Set<Action>, sensitivity: [SensitivityFinding], arguments: ArgumentRoles, properties: [SchemaProperty]
    ) -> CredentialChange? {
        // Reading, or signing in with a password, changes no credential.
        guard !actions.isSubset(of: [.read, .connect, .navigate]) else { return nil }
        let credentialEvidence = sensitivity.first { $0.sensitivity == .credentials }?.evidence ?? []
        if let named = credentialEvidence.first(where: { $0.source == .name || $0.source == .description }) {
            return .object(named)
        }
        guard !arguments.credentials.isEmpty else { return nil }
        let decisive = arguments.credentials.first { path in
            path.segments.count == 1 || properties.contains { $0.path == path.segments && $0.isRequired }
        }
        if let decisive { return .object(Evidence(.inputSchema, "input property '\(decisive.segments.joined(separator: "."))'")) }
        return .inputs(arguments.credentials)
    }
}
