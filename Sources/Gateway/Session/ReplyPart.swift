import NIOCore

/// One thing the gateway sends an agent in answer to a request.
public enum ReplyPart: Sendable {
    /// A message related to the request that comes before its response: progress, a log
    /// line, or a server-to-client request (sampling, elicitation, roots).
    case interim(ByteBuffer)
    /// The response (a result or an error). Nothing follows it.
    case response(ByteBuffer)
    /// Nothing to send yet, but the agent should hear from us: an SSE comment keeps the
    /// connection alive and tells the gateway early when the agent has gone.
    case keepAlive
}

/// What the gateway answers to one message from an agent.
public enum AgentReply: Sendable {
    /// A notification or a response was taken (HTTP 202, nothing on stdio).
    case accepted
    /// The parts answering a request, ending with its response.
    case stream(AsyncStream<ReplyPart>)

    /// A stream holding only `response`.
    static func immediate(_ response: ByteBuffer) -> AgentReply {
        let (stream, continuation) = AsyncStream.makeStream(of: ReplyPart.self, bufferingPolicy: .unbounded)
        continuation.yield(.response(response))
        continuation.finish()
        return .stream(stream)
    }
}
