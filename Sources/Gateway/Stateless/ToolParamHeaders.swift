import JSON
import Logging
import Synchronization

/// The `x-mcp-header` annotations of a pool's tools, learnt from the upstream's `tools/list`
/// answers as they pass (``ParamHeaders``): what the gateway checks an agent's `Mcp-Param-*`
/// headers against, and mirrors into its own requests to a 2026-07-28 HTTP upstream.
final class ToolParamHeaders: Sendable {
    private let known = Mutex<[String: ParamHeaders]>([:])
    private let listed = Atomic<Bool>(false)

    /// Whether a listing was learnt from (else a call's annotations are unknown, not absent).
    var hasListing: Bool { listed.load(ordering: .acquiring) }

    /// Learns the annotations of a listing's `tools`; returns the names of tools whose
    /// annotations are invalid (to leave out of the list), each logged with its reason.
    func learn(_ tools: [JSONValue], server: String, logger: Logger) -> Set<String> {
        var learnt: [String: ParamHeaders] = [:]
        var invalid = Set<String>()
        for tool in tools {
            guard let name = tool["name"]?.stringValue else { continue }
            do {
                let headers = try ParamHeaders(inputSchema: tool["inputSchema"] ?? .emptyObject)
                if !headers.isEmpty { learnt[name] = headers }
            } catch {
                invalid.insert(name)
                logger.warning("left tool \(name) of \(server) out of tools/list: its inputSchema's \(error)")
            }
        }
        let names = Set(tools.compactMap { $0["name"]?.stringValue })
        known.withLock { known in
            for name in names { known[name] = learnt[name] }
        }
        listed.store(true, ordering: .releasing)
        return invalid
    }

    /// The annotations of `tool`; nil when it has none (or its listing was not seen on this replica).
    func headers(for tool: String) -> ParamHeaders? {
        known.withLock { $0[tool] }
    }
}
