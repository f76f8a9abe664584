/// How to reach a Streamable HTTP MCP server: the `url`/`headers` of an `mcpServers` entry.
public struct HTTPServerSpec: Sendable, Equatable {
    /// The server's configured name, used in logs and errors.
    public var name: String
    /// The MCP endpoint, `http://` or `https://`.
    public var url: String
    /// Sent with every request (e.g. `Authorization`). Never logged.
    public var headers: [String: String]
    /// The largest JSON body or SSE event accepted, in bytes.
    public var maximumMessageSize: Int
    /// How long to wait for a response's head (status and headers). A request answered with
    /// JSON gets its head only with the result, so this bounds a tool call's duration too.
    public var responseTimeout: Duration
    /// How many times in a row a dropped SSE stream (a request's or the GET stream) is reopened
    /// without receiving anything before giving up on it.
    public var maximumReconnectAttempts: Int

    public init(
        name: String, url: String, headers: [String: String] = [:], maximumMessageSize: Int = 32 << 20,
        responseTimeout: Duration = .seconds(300), maximumReconnectAttempts: Int = 3
    ) {
        self.name = name
        self.url = url
        self.headers = headers
        self.maximumMessageSize = maximumMessageSize
        self.responseTimeout = responseTimeout
        self.maximumReconnectAttempts = maximumReconnectAttempts
    }

    /// Checks what the gateway cannot fix later: the URL's scheme, and headers that are valid
    /// HTTP (a line break in a value would let a configuration inject headers of its own).
    public func validate() throws(UpstreamError) {
        let lowercasedURL = url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidConfiguration(server: name, reason: "url '\(url)' must start with http:// or https://")
        }
        for (header, value) in headers {
            guard HTTPToken.isValid(header) else {
                throw .invalidConfiguration(server: name, reason: "header name '\(header)' is not a valid HTTP header name")
            }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .invalidConfiguration(server: name, reason: "the value of header '\(header)' contains a line break")
            }
        }
    }
}
