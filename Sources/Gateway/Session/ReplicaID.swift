/// Which gateway process made a session. Session ids read `<replica>.<128 random bits in hex>`,
/// so a request that a load balancer sends to the wrong replica can be told where its session
/// lives: sessions are held in memory (with their upstream processes) by the replica that
/// opened them, and the balancer must route by `Mcp-Session-Id`.
public struct ReplicaID: Sendable, Equatable, CustomStringConvertible {
    public let name: String

    /// Why a replica id was refused.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is not a replica id: use 1 to \(ReplicaID.maxLength) letters, digits, '-' or '_'"
        }
    }

    static let maxLength = 32

    /// A chosen name (`--replica-id`): letters, digits, `-` and `_`, so that it shows up
    /// unchanged in a header and cannot contain the `.` that ends it.
    public init(_ name: String) throws(Invalid) {
        guard Self.isValid(name) else { throw Invalid(text: name) }
        self.name = name
    }

    private init(unchecked name: String) {
        self.name = name
    }

    /// Six random base-36 characters: distinct enough for the replicas of one deployment.
    public static func random() -> ReplicaID {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return ReplicaID(unchecked: String((0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }))
    }

    /// The replica named at the start of a session id, when it has one.
    public static func owner(ofSession id: String) -> String? {
        guard let dot = id.firstIndex(of: ".") else { return nil }
        let name = String(id[..<dot])
        return isValid(name) ? name : nil
    }

    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maxLength
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    public var description: String { name }
}
