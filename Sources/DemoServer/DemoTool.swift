import JSON

/// One tool of the demo CRM: an operation on a kind of record, named like Twenty CRM's tools
/// (`findManyPeople`, `findOnePerson`, `createOnePerson`, `UpdateOnePerson`, `deleteOnePerson`).
public struct DemoTool: Sendable, Hashable {
    public enum Operation: Sendable, CaseIterable {
        case findMany, findOne, createOne, updateOne, deleteOne
    }

    public var operation: Operation
    public var kind: RecordKind

    /// Every tool the demo server offers, in the order `tools/list` shows them.
    public static let all: [DemoTool] = RecordKind.allCases.flatMap { kind in
        Operation.allCases.map { DemoTool(operation: $0, kind: kind) }
    }

    /// Looks a tool up by its name.
    public init?(name: String) {
        guard let tool = Self.all.first(where: { $0.name == name }) else { return nil }
        self = tool
    }

    init(operation: Operation, kind: RecordKind) {
        self.operation = operation
        self.kind = kind
    }

    public var name: String {
        switch operation {
        case .findMany: return "findMany\(kind.plural)"
        case .findOne: return "findOne\(kind.singular)"
        case .createOne: return "createOne\(kind.singular)"
        case .updateOne: return "UpdateOne\(kind.singular)"
        case .deleteOne: return "deleteOne\(kind.singular)"
        }
    }

    var description: String {
        switch operation {
        case .findMany: return "List \(kind.pluralNoun), optionally only those whose name matches **search**, at most **limit** of them."
        case .findOne: return "Get one \(kind.noun) by id."
        case .createOne: return "Create one \(kind.noun)."
        case .updateOne: return "Update One \(kind.noun): set the fields given in requestBody."
        case .deleteOne: return "Delete One \(kind.noun) by id. The record cannot be recovered."
        }
    }

    /// MCP tool annotations: what a client may assume about the tool's effects.
    var annotations: JSONValue {
        switch operation {
        case .findMany, .findOne:
            return ["readOnlyHint": true, "openWorldHint": false]
        case .createOne:
            return ["readOnlyHint": false, "destructiveHint": false, "idempotentHint": false, "openWorldHint": false]
        case .updateOne:
            return ["readOnlyHint": false, "destructiveHint": true, "idempotentHint": true, "openWorldHint": false]
        case .deleteOne:
            return ["readOnlyHint": false, "destructiveHint": true, "idempotentHint": true, "openWorldHint": false]
        }
    }

    var inputSchema: JSONValue {
        let id: JSONValue = ["type": "string", "format": "uuid", "description": "Object id."]
        let body: JSONValue = ["type": "object", "description": "body", "properties": .object(kind.fields),
                               "additionalProperties": false]
        switch operation {
        case .findMany:
            return ["type": "object", "properties": [
                "search": ["type": "string", "description": "Only records whose name contains this text (case-insensitive)."],
                "limit": ["type": "number", "minimum": 0, "maximum": 60, "default": 60,
                          "description": "Limits the number of objects returned."],
            ]]
        case .findOne, .deleteOne:
            return ["type": "object", "properties": ["id": id], "required": ["id"]]
        case .createOne:
            return ["type": "object", "properties": ["requestBody": body], "required": ["requestBody"]]
        case .updateOne:
            return ["type": "object", "properties": ["id": id, "requestBody": body], "required": ["id", "requestBody"]]
        }
    }

    /// The tool as `tools/list` shows it.
    var definition: JSONValue {
        ["name": .string(name), "description": .string(description), "inputSchema": inputSchema,
         "annotations": annotations]
    }
}
