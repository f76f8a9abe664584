import Foundation

/// Who a CLI decision is recorded as: `--by` when given, else the login name in `$USER`, else
/// "admin" — the same for approving a held call and approving a changed tool definition.
enum ApproverName {
    static func resolve(_ by: String?) -> String {
        by ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "admin"
    }
}
