import JSON

/// What a person decided about one catalogued tool, in MCP's own terms: one line of a label file
/// such as `../shared/wild-catalog/labels/dev.jsonl`.
///
/// ```json
/// {"server": "…", "tool": "set_env", "readOnly": false, "destructive": true, "openWorld": false,
///  "approval": true, "note": "Sets/overwrites environment variable or secret setting"}
/// ```
/// `destructive` is null for read-only tools (MCP gives it meaning only for tools that are not).
public struct ToolLabel: Sendable, Equatable {
    public var server: String
    public var tool: String
    public var readOnly: Bool
    public var destructive: Bool?
    public var openWorld: Bool
    /// Whether a person should approve each call.
    public var approval: Bool
    /// Why, in a few words.
    public var note: String

    public init(server: String, tool: String, readOnly: Bool, destructive: Bool?, openWorld: Bool, approval: Bool, note: String = "") {
        self.server = server
        self.tool = tool
        self.readOnly = readOnly
        self.destructive = destructive
        self.openWorld = openWorld
        self.approval = approval
        self.note = note
    }

    /// Every label of a JSON Lines text (blank lines skipped), or every problem, each naming its
    /// line (`dev.jsonl:12: …`).
    public static func read(jsonLines text: String, file: String) throws(CatalogError) -> [ToolLabel] {
        var labels: [ToolLabel] = []
        var problems: [CatalogProblem] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let place = "\(file):\(index + 1)"
            do {
                let json = try JSONParser.parse(String(line))
                switch label(from: json) {
                case .success(let label): labels.append(label)
                case .failure(let problem): problems.append(CatalogProblem(file: place, at: problem.pointer, problem.message))
                }
            } catch {
                problems.append(CatalogProblem(file: place, "invalid JSON at column \(error.column): \(error.message)"))
            }
        }
        guard problems.isEmpty else { throw CatalogError(problems: problems) }
        return labels
    }

    private struct FieldProblem: Error {
        var pointer: JSONPointer
        var message: String
    }

    private static func label(from json: JSONValue) -> Result<ToolLabel, FieldProblem> {
        guard case .object(let members) = json else {
            return .failure(FieldProblem(pointer: .root, message: "a label must be a JSON object, found \(json.typeName)"))
        }
        do {
            return .success(ToolLabel(
                server: try string(members, "server"), tool: try string(members, "tool"), readOnly: try bool(members, "readOnly"),
                destructive: try optionalBool(members, "destructive"), openWorld: try bool(members, "openWorld"),
                approval: try bool(members, "approval"), note: members["note"]?.stringValue ?? ""))
        } catch {
            return .failure(error)
        }
    }

    private static func string(_ members: JSONObject, _ key: String) throws(FieldProblem) -> String {
        guard let value = members[key]?.stringValue else { throw FieldProblem(pointer: JSONPointer([key]), message: "'\(key)' must be a string") }
        return value
    }

    private static func bool(_ members: JSONObject, _ key: String) throws(FieldProblem) -> Bool {
        guard let value = members[key]?.boolValue else { throw FieldProblem(pointer: JSONPointer([key]), message: "'\(key)' must be true or false") }
        return value
    }

    private static func optionalBool(_ members: JSONObject, _ key: String) throws(FieldProblem) -> Bool? {
        switch members[key] {
        case .bool(let value)?: return value
        case .null?, nil: return nil
        default: throw FieldProblem(pointer: JSONPointer([key]), message: "'\(key)' must be true, false or null")
        }
    }
}
