import JSON

/// What an audit row keeps of a call's arguments: their keyed digest, and as much of them as
/// `"audit": {"arguments": …}` says (``AuditArgumentsMode``).
public struct AuditArgumentRecorder: Sendable {
    public var mode: AuditArgumentsMode
    public let digester: ArgumentDigester

    public init(mode: AuditArgumentsMode, digester: ArgumentDigester) {
        self.mode = mode
        self.digester = digester
    }

    /// Redacted arguments, digested with a key made up for this process (tests, benchmarks).
    public static var redacted: AuditArgumentRecorder { AuditArgumentRecorder(mode: .redacted, digester: .ephemeral) }
    /// Every argument as sent, digested with a key made up for this process (tests).
    public static var full: AuditArgumentRecorder { AuditArgumentRecorder(mode: .full, digester: .ephemeral) }
    /// Only the digest, with a key made up for this process (tests).
    public static var none: AuditArgumentRecorder { AuditArgumentRecorder(mode: .none, digester: .ephemeral) }

    /// The row's `argumentsDigest`.
    public func digest(_ arguments: JSONValue) -> String? {
        digester.digest(arguments)
    }

    /// The row's `arguments`.
    public func record(_ arguments: JSONValue) -> String? {
        mode.record(arguments)
    }
}
