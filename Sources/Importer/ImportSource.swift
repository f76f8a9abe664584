import Foundation

/// Where `gatehouse import` reads a server from.
public enum ImportSource: Sendable, Equatable {
    /// A command to start (words already split), with extra environment variables.
    case stdio(command: [String], environment: [String: String])
    /// A Streamable HTTP endpoint, with extra headers (e.g. `Authorization`).
    case http(url: String, headers: [String: String])

    /// `stdio` or `http`, as catalog files say.
    public var transport: String {
        switch self {
        case .stdio: "stdio"
        case .http: "http"
        }
    }

    /// What the catalog file records as the source: the command line, or the URL without
    /// user info and query (which may carry credentials). Never headers or environment.
    public var recordedSource: String {
        switch self {
        case .stdio(let command, _):
            return command.map(Self.shellQuoted).joined(separator: " ")
        case .http(let url, _):
            return Self.withoutCredentials(url)
        }
    }

    private static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./=:,@+%".unicodeScalars.contains(scalar)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    private static func withoutCredentials(_ url: String) -> String {
        var text = Substring(url)
        if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<query] }
        guard let schemeEnd = text.range(of: "://") else { return String(text) }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
        if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
            return String(text[..<authorityStart]) + String(text[text.index(after: at)...])
        }
        return String(text)
    }
}
