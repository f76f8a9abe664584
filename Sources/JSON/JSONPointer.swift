/// A JSON Pointer (RFC 6901): where in a document a problem is, e.g. `/tools/X/limits/0/window`.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public private(set) var tokens: [String]

    public init(_ tokens: [String] = []) {
        self.tokens = tokens
    }

    /// The root of the document (rendered as the empty string by RFC 6901; we print `/`).
    public static let root = JSONPointer()

    /// This pointer extended by an object member.
    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    /// This pointer extended by an array index.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// RFC 6901 form: `~` is written `~0` and `/` is written `~1`.
    public var description: String {
        if tokens.isEmpty { return "/" }
        var out = ""
        for token in tokens {
            out += "/"
            out += Self.escaped(token)
        }
        return out
    }

    /// A token in RFC 6901 form; most tokens have neither `~` nor `/` and are used as they are
    /// (rule references are written on every audited call).
    private static func escaped(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Parses the RFC 6901 form.
    public init(parsing text: String) {
        guard text != "/" && !text.isEmpty else {
            self.init()
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        self.init(parts.map { String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") })
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

extension JSONValue {
    /// The value a pointer refers to, or nil when the path does not exist.
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current: JSONValue = self
        for token in pointer.tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
