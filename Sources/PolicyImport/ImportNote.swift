import JSON

/// Something the conversion says about one place in the source file: a difference in how the
/// converted policy reads it, or a part it could not carry over.
public struct ImportNote: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Carried over, written differently (an explicit default, a counter's new name).
        case changed
        /// Not in the converted policy: the author must decide what to write instead.
        case notCarried = "not_carried"
    }

    public var kind: Kind
    /// Where in the source document, as a JSON pointer over its mappings and sequences.
    public var pointer: JSONPointer
    public var message: String

    public init(_ kind: Kind, at pointer: JSONPointer, _ message: String) {
        self.kind = kind
        self.pointer = pointer
        self.message = message
    }

    public var description: String {
        "\(pointer): \(kind == .notCarried ? "not carried over: " : "")\(message)"
    }

    public var json: JSONValue {
        ["pointer": .string(pointer.description), "kind": .string(kind.rawValue), "message": .string(message)]
    }
}

/// A converted policy: Gatehouse's JSON (it passes `gatehouse check`) and the notes.
public struct PolicyConversion: Sendable {
    public var policy: JSONValue
    public var notes: [ImportNote]

    /// Whether everything in the source is in the policy (notes may still say how it changed).
    public var isComplete: Bool { !notes.contains { $0.kind == .notCarried } }

    public var json: JSONValue {
        ["policy": policy, "complete": .bool(isComplete), "notes": .array(notes.map(\.json))]
    }
}
