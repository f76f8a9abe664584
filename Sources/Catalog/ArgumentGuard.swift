import JSON
import Policy

/// The conditions a recommendation puts on an argument, with placeholders the operator fills in:
/// the hosts a fetcher may reach, the folders a file tool may touch, credentials a call may not set.
///
/// Paths and URLs should be guarded by operators that parse before they compare (`path_within`,
/// `url_host_in`; issue 14): a regular expression over the raw string lets `..%2f` or
/// `good.com.evil.com` through. Until the policy language has them, these conditions are
/// regular expressions as tight as a regular expression can be; switching is the one marked
/// line in each of ``host(_:)`` and ``path(_:)``.
public enum ArgumentGuard {
    /// The placeholder host a fetcher's condition names: replace it with the hosts you allow.
    public static let placeholderHost = "docs.example.com"
    /// The placeholder folder a file tool's condition names: replace it with the folders you allow.
    public static let placeholderFolder = "/path/to/allowed/folder"

    /// Only `https://` URLs to ``placeholderHost``.
    public static func host(_ argument: ArgumentPath) -> Condition {
        // When the policy language has url_host_in: Condition(path: argument, op: .urlHostIn, value: [.string(placeholderHost)])
        Condition(path: argument, op: .regex, value: .string("^https://docs\\.example\\.com(/[^@\\\\]*)?$"))
    }

    /// Only paths inside ``placeholderFolder``, with no `..` anywhere.
    public static func path(_ argument: ArgumentPath) -> Condition {
        // When the policy language has path_within: Condition(path: argument, op: .pathWithin, value: [.string(placeholderFolder)])
        Condition(path: argument, op: .regex, value: .string("^/path/to/allowed/folder(/(?!\\.\\.(/|$))[^/\\u0000%]+)*/?$"))
    }

    /// The call must not set this credential: a call that does is refused, and its reason sends it to a person.
    public static func credentialAbsent(_ argument: ArgumentPath) -> Condition {
        Condition(path: argument, op: .exists, value: .bool(false))
    }
}
