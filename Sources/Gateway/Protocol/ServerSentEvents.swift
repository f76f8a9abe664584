import NIOCore

/// Encodes messages as `text/event-stream` events (the Streamable HTTP response and GET streams).
public enum ServerSentEvents {
    /// `event: message` + one `data:` line per line of the message + a blank line.
    ///
    /// JSON on the wire rarely holds a raw newline (it is whitespace only), but an upstream may
    /// pretty-print; each line becomes its own `data:` field so the client rejoins them.
    public static func event(_ message: ByteBuffer, id: String? = nil) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: message.readableBytes + 32)
        out.writeStaticString("event: message\n")
        if let id { out.writeString("id: \(id)\n") }
        let view = message.readableBytesView
        var lineStart = view.startIndex
        var index = view.startIndex
        while index < view.endIndex {
            let byte = view[index]
            if byte == 0x0A || byte == 0x0D {
                writeData(view[lineStart..<index], into: &out)
                if byte == 0x0D, view.index(after: index) < view.endIndex, view[view.index(after: index)] == 0x0A {
                    index = view.index(after: index)
                }
                lineStart = view.index(after: index)
            }
            index = view.index(after: index)
        }
        writeData(view[lineStart..<view.endIndex], into: &out)
        out.writeStaticString("\n")
        return out
    }

    private static func writeData(_ line: ByteBufferView.SubSequence, into out: inout ByteBuffer) {
        out.writeStaticString("data: ")
        out.writeBytes(line)
        out.writeStaticString("\n")
    }

    /// A comment line: ignored by clients, keeps proxies from timing the stream out and tells
    /// the gateway early when the client has gone.
    public static func comment(_ text: String) -> ByteBuffer {
        ByteBuffer(string: ": \(text)\n\n")
    }
}
