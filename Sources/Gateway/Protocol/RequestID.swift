import JSON

/// A JSON-RPC request id or an MCP progress token: a string or a number, compared by value.
///
/// Kept as its JSON text so it goes back on the wire exactly as it arrived; two spellings of
/// the same string (`"a"` and `"\u0061"`) are the same id.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    public enum Value: Sendable, Hashable {
        case string(String)
        /// The number's JSON text, as written (ids are integers in practice).
        case number(String)
    }

    public let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public static func string(_ text: String) -> RequestID { RequestID(.string(text)) }

    /// An id from its JSON text (`7`, `"abc"`), as HTTP upstreams report related requests.
    public init?(jsonText: String) {
        var copy = jsonText
        let id: RequestID? = copy.withUTF8 { buffer in
            var scanner = JSONScanner(buffer)
            guard let range = try? scanner.valueRange(), (try? scanner.expectEnd()) != nil else { return nil }
            return scanner.requestID(at: range)
        }
        guard let id else { return nil }
        self = id
    }
    public static func number(_ value: Int) -> RequestID { RequestID(.number(String(value))) }

    /// The id as JSON text, ready to write into a message.
    public var json: String {
        switch value {
        case .string(let text): return JSONText.quoted(text)
        case .number(let text): return text
        }
    }

    public var description: String { json }

    /// The id as a JSON value, for a message built as a value (a string, or the number it spells).
    public var jsonValue: JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .number(let text): return (try? JSONParser.parse(text)) ?? .string(text)
        }
    }

    /// Ids the gateway makes for its own requests upstream start with this, so they never
    /// collide with an agent's.
    public static let gatewayPrefix = "gatehouse-"

    public var isGatewayOwn: Bool {
        if case .string(let text) = value { return text.hasPrefix(Self.gatewayPrefix) }
        return false
    }
}
