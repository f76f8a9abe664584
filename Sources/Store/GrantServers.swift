import JSON

/// How a grant's server list is stored: a JSON array of strings in one text column.
enum GrantServers {
    static func encode(_ servers: [String]) -> String {
        JSONWriter().string(.array(servers.map(JSONValue.string)))
    }

    /// Anything but an array of strings reads as no servers: a damaged row covers nothing.
    static func decode(_ text: String) -> [String] {
        guard let values = (try? JSONParser.parse(text))?.arrayValue else { return [] }
        return values.compactMap(\.stringValue)
    }
}
