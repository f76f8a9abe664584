import JSON

/// What a JSON-RPC message on the gateway's path must be, beyond strict JSON with the right
/// members — in both directions, agent to upstream and upstream to agent.
///
/// Each rule closes a way past the policy: a request without an `id` would be taken for a
/// notification and forwarded undecided; a name holding a control character (`"free\u0000"`)
/// is matched as another tool than the one the upstream runs; duplicate keys
/// (`"name":"free","name":"echo"`) mean one thing to the gateway and another to a parser that
/// keeps the first. Pure functions over what the envelope reader found (duplicates are found by
/// ``JSONScanner`` in the same pass that checks the JSON), so every reader applies the same rules.
public enum JSONRPCEnvelopeRules {
    /// Whether a message with this method expects an answer, so must carry an `id`: every
    /// method except MCP's notifications (`notifications/…`).
    public static func isRequestMethod(_ method: String) -> Bool {
        !method.utf8.starts(with: "notifications/".utf8)
    }

    /// The first control character in `text` — C0 (U+0000–U+001F), DEL or C1 (U+0080–U+009F) —
    /// if any. One pass over the UTF-8 bytes: a C1 character is `C2 80`–`C2 9F`.
    public static func firstControlCharacter(in text: String) -> Unicode.Scalar? {
        var text = text
        return text.withUTF8(firstControlCharacter(inUTF8:))
    }

    private static func firstControlCharacter(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return Unicode.Scalar(byte) }
            if previous == 0xC2, (0x80...0x9F).contains(byte) { return Unicode.Scalar(byte) }
            previous = byte
        }
        return nil
    }

    /// Whether a JSON string literal may hold a control character once decoded: it has an
    /// escape, a DEL or a C1 lead byte (raw C0 bytes are not JSON). A cheap test on the bytes as
    /// written, so the common clean name is never decoded just to be checked.
    public static func mayHoldControlCharacter(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        literal.contains { $0 == UInt8(ascii: "\\") || $0 == 0x7F || $0 == 0xC2 }
    }

    /// What is wrong with a message that has a `method`, if anything: a request-method without
    /// an id, or a control character in the method or (for requests) in `params.name` — the
    /// tool or prompt the request acts on.
    public static func problem(method: String, hasID: Bool, name: String?) -> JSONRPCEnvelopeProblem? {
        if let character = firstControlCharacter(in: method) {
            return .controlCharacter(member: "method", value: method, character: character)
        }
        guard hasID else {
            return isRequestMethod(method) ? .missingID(method: method) : nil
        }
        if let name, let character = firstControlCharacter(in: name) {
            return .controlCharacter(member: "params.name", value: name, character: character)
        }
        return nil
    }
}

/// A message refused by ``JSONRPCEnvelopeRules``: never forwarded, answered with -32600 where
/// the transport allows an answer, and audited.
public enum JSONRPCEnvelopeProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request-method (anything but `notifications/…`) without an `id`.
    case missingID(method: String)
    /// A control character in `method` or `params.name`.
    case controlCharacter(member: String, value: String, character: Unicode.Scalar)
    /// A member named twice in one object (its decoded name).
    case duplicateKey(String)

    public var description: String {
        switch self {
        case .missingID(let method):
            return "\(Self.quoted(method)) is a request, so it must have an \"id\" (only notifications/… may omit it); it was not forwarded"
        case .controlCharacter(let member, let value, let character):
            let code = String(character.value, radix: 16, uppercase: true)
            return "\"\(member)\" \(Self.quoted(value)) holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code); "
                + "names and methods must not contain control characters; it was not forwarded"
        case .duplicateKey(let name):
            return "member \(Self.quoted(name)) appears twice in one object (parsers disagree on which one counts); it was not forwarded"
        }
    }

    /// The short name of the rule, for audit rows and metrics.
    public var rule: String {
        switch self {
        case .missingID: return "missing_id"
        case .controlCharacter: return "control_character"
        case .duplicateKey: return "duplicate_key"
        }
    }

    /// Third-party text as a JSON string literal with every control character escaped (the
    /// writer escapes C0; DEL and C1, such as the terminal's CSI U+009B, are escaped here).
    static func quoted(_ text: String) -> String {
        let literal = JSONWriter().string(.string(text))
        guard JSONRPCEnvelopeRules.firstControlCharacter(in: literal) != nil else { return literal }
        var escaped = String.UnicodeScalarView()
        for scalar in literal.unicodeScalars {
            if scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                escaped.append(contentsOf: "\\u00\(String(scalar.value, radix: 16, uppercase: true))".unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
