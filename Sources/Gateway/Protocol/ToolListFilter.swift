import JSON
import NIOCore

/// Removes the tools an agent may not see from a `tools/list` result, keeping every other byte.
///
/// Hidden and denied tools are dropped from `result.tools`; the rest of the message (other
/// tools' definitions, `nextCursor`, `_meta`) is copied as it arrived.
public struct ToolListFilter: Sendable {
    /// Whether the agent may see a tool, by name.
    public let isListed: @Sendable (String) -> Bool

    public init(isListed: @escaping @Sendable (String) -> Bool) {
        self.isListed = isListed
    }

    /// The filtered message and the names it removed. A message with nothing to remove (or no
    /// `result.tools` array) is returned as is.
    public func filter(_ message: JSONRPCMessage) -> (message: ByteBuffer, removed: [String], kept: Int) {
        guard let toolsRange = message.range(in: message.resultRange, path: ["tools"]) else {
            return (message.bytes, [], 0)
        }
        let elements: [(range: Range<Int>, name: String?)] = message.scan { scanner in
            guard scanner.bytes[toolsRange.lowerBound] == UInt8(ascii: "[") else { return [] }
            var found: [(Range<Int>, String?)] = []
            var walker = JSONScanner(scanner.bytes, from: toolsRange.lowerBound)
            try? walker.forEachElement { (s: inout JSONScanner) throws(JSONScanner.Failure) in
                let start = s.index
                let range = try s.valueRange(depth: 2)
                let nameRange = s.memberRange(path: ["name"], startingAt: start)
                found.append((range, nameRange.flatMap { s.stringValue(at: $0) }))
            }
            return found
        }
        var removed: [String] = []
        var kept: [Range<Int>] = []
        for element in elements {
            if let name = element.name, isListed(name) {
                kept.append(element.range)
            } else {
                removed.append(element.name ?? "<a tool without a name>")
            }
        }
        guard !removed.isEmpty else { return (message.bytes, [], kept.count) }
        return (Self.rebuild(message.bytes, arrayRange: toolsRange, keeping: kept), removed, kept.count)
    }

    /// The message with the array at `arrayRange` holding only the `kept` element ranges.
    private static func rebuild(_ bytes: ByteBuffer, arrayRange: Range<Int>, keeping kept: [Range<Int>]) -> ByteBuffer {
        let start = bytes.readerIndex
        var out = ByteBufferAllocator().buffer(capacity: bytes.readableBytes)
        out.writeImmutableBuffer(bytes.getSlice(at: start, length: arrayRange.lowerBound + 1)!)
        for (index, range) in kept.enumerated() {
            if index > 0 { out.writeInteger(UInt8(ascii: ",")) }
            out.writeImmutableBuffer(bytes.getSlice(at: start + range.lowerBound, length: range.count)!)
        }
        let tail = arrayRange.upperBound - 1
        out.writeImmutableBuffer(bytes.getSlice(at: start + tail, length: bytes.readableBytes - tail)!)
        return out
    }
}
