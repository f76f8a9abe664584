/// The orders the server directory comes in, each its own paginated list at
/// `/directory/<slug>/` (a static site sorts ahead of time).
enum DirectorySort: String, CaseIterable, Sendable {
    case name, tools, critical, high

    var displayName: String {
        switch self {
        case .name: return "Name"
        case .tools: return "Most tools"
        case .critical: return "Most critical"
        case .high: return "Most high"
        }
    }

    var location: PageLocation { PageLocation(["directory", rawValue]) }

    /// The servers in this order; ties by name, then id.
    func sorted(_ servers: [ServerLink]) -> [ServerLink] {
        func key(_ s: ServerLink) -> Int {
            switch self {
            case .name: return 0
            case .tools: return s.toolCount
            case .critical: return s.levelCounts[3]
            case .high: return s.levelCounts[2]
            }
        }
        return servers.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            if ka != kb { return ka > kb }
            let (na, nb) = (a.name.lowercased(), b.name.lowercased())
            return na != nb ? na < nb : a.id < b.id
        }
    }
}
