import JSON
import NIOCore

/// The answers the gateway writes to a 2026-07-28 agent: an upstream's answer under the
/// agent's own request id, its result stamped as the revision requires — `resultType` on every
/// result, `ttlMs` and `cacheScope` on cacheable ones.
///
/// The upstream's bytes are copied as they are; the members the gateway adds go first in the
/// result object. Only a result that already has one of them (a 2026-07-28 upstream's) is
/// decoded and rewritten, so the gateway's value wins (`private` after filtering).
enum StatelessResponse {
    /// The caching hints of a cacheable result (server/utilities/caching).
    struct CacheHint: Sendable, Equatable {
        /// How long the agent may consider the result fresh.
        var ttlMs: Int
        /// `public`, or `private` when what one grant sees is not what another does.
        var scope: String

        static func `private`(ttlMs: Int = 0) -> CacheHint { CacheHint(ttlMs: ttlMs, scope: "private") }
        static func `public`(ttlMs: Int = 0) -> CacheHint { CacheHint(ttlMs: ttlMs, scope: "public") }
    }

    /// `upstream`'s answer (a result or an error) as the answer to the agent's request `id`.
    static func relay(_ upstream: JSONRPCMessage, id: RequestID, cache: CacheHint? = nil) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: upstream.bytes.readableBytes + 96)
        out.writeString(#"{"jsonrpc":"2.0","id":"#)
        out.writeString(id.json)
        if upstream.kind == .errorResponse, var error = upstream.errorBytes {
            out.writeString(#","error":"#)
            out.writeBuffer(&error)
        } else {
            out.writeString(#","result":"#)
            writeResult(of: upstream, cache: cache, into: &out)
        }
        out.writeString("}")
        return out
    }

    /// A result the gateway makes itself (`server/discover`), stamped like a relayed one.
    static func result(id: RequestID, _ result: JSONValue, cache: CacheHint? = nil) -> ByteBuffer {
        var result = result
        if case .object(var members) = result {
            stamp(&members, cache: cache)
            result = .object(members)
        }
        return GatewayMessages.result(id: id, json: JSONWriter().string(result))
    }

    private static func writeResult(of upstream: JSONRPCMessage, cache: CacheHint?, into out: inout ByteBuffer) {
        guard var result = upstream.resultBytes, result.readableBytesView.first == UInt8(ascii: "{") else {
            // Not an object (no valid result): an empty complete result stands in for it.
            out.writeString(#"{"resultType":"complete"}"#)
            return
        }
        let rewrite = upstream.resultHas("resultType") || (cache != nil && (upstream.resultHas("ttlMs") || upstream.resultHas("cacheScope")))
        if rewrite, case .object(var members)? = upstream.decodedResult() {
            stamp(&members, cache: cache)
            out.writeString(JSONWriter().string(.object(members)))
            return
        }
        out.writeString(#"{"resultType":"complete""#)
        if let cache { out.writeString(#","ttlMs":\#(cache.ttlMs),"cacheScope":"\#(cache.scope)""#) }
        result.moveReaderIndex(forwardBy: 1)
        let empty = result.readableBytesView.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "}")
        if !empty { out.writeString(",") }
        out.writeBuffer(&result)
    }

    /// Sets the members the gateway owns; an upstream's `input_required` result type is kept.
    private static func stamp(_ members: inout JSONObject, cache: CacheHint?) {
        if members["resultType"]?.stringValue == nil { members["resultType"] = "complete" }
        if let cache {
            // The gateway's freshness wins: a policy reload changes a listing the upstream never changed.
            members["ttlMs"] = .int(Int64(cache.ttlMs))
            let upstreamPrivate = members["cacheScope"]?.stringValue == "private"
            members["cacheScope"] = .string(upstreamPrivate ? "private" : cache.scope)
        }
    }
}
