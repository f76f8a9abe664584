import Foundation
import JSON

/// Where commands write: data to stdout, diagnostics to stderr, both unbuffered so that
/// output stays in order when piped.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Pretty JSON on stdout, for `--json`.
    static func json(_ value: JSONValue) {
        out(JSONWriter(style: .pretty).string(value))
    }
}

/// A command that ran but found problems (exit 1). The problems were already printed unless
/// `message` says otherwise.
struct CommandFailure: Error {
    var message: String?

    init(_ message: String? = nil) {
        self.message = message
    }
}
