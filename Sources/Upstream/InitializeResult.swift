import JSON

/// What a server said about itself in its `initialize` result.
public struct InitializeResult: Sendable, Equatable {
    /// The protocol revision the server chose.
    public var protocolVersion: String
    /// `serverInfo` as sent (name, version, and whatever else: title, description, icons...).
    public var serverInfo: JSONObject
    public var capabilities: JSONObject
    public var instructions: String?

    public var name: String { serverInfo["name"]?.stringValue ?? "" }
    public var version: String? { serverInfo["version"]?.stringValue }
    public var title: String? { serverInfo["title"]?.stringValue }

    /// Reads a result; throws a reason when it lacks what the specification requires.
    init(result: JSONValue) throws(InvalidReason) {
        guard case .object(let members) = result else { throw InvalidReason("the result is \(result.typeName), not an object") }
        guard let version = members["protocolVersion"]?.stringValue else { throw InvalidReason("it has no protocolVersion string") }
        guard case .object(let serverInfo)? = members["serverInfo"], serverInfo["name"]?.stringValue != nil else {
            throw InvalidReason("it has no serverInfo object with a name")
        }
        protocolVersion = version
        self.serverInfo = serverInfo
        capabilities = members["capabilities"]?.objectValue ?? [:]
        instructions = members["instructions"]?.stringValue
    }

    struct InvalidReason: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}
