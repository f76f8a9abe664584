import NIOCore
import Testing
import Upstream

@Suite struct SSEParserTests {
    /// (type, data, id) of every event the chunks complete.
    private func events(_ chunks: [String]) throws -> [String] {
        var parser = SSEParser()
        return try chunks.flatMap { try parser.parse(ByteBuffer(string: $0)) }.map { event in
            "\(event.type)|\(event.dataText)|\(event.id ?? "-")"
        }
    }

    @Test func parsesOneEventPerBlankLine() throws {
        #expect(try events(["data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"]) == ["message|{\"a\":1}|-", "message|{\"b\":2}|-"])
    }

    @Test func joinsMultipleDataLinesWithNewlines() throws {
        #expect(try events(["data: {\n", "data:  \"a\": 1\ndata: }\n\n"]) == ["message|{\n \"a\": 1\n}|-"])
    }

    @Test func acceptsCRLFAndCRLineEndings() throws {
        #expect(try events(["event: message\r\ndata: x\r\n\r\n", "data: y\r\rdata: z\n\n"]) == [
            "message|x|-", "message|y|-", "message|z|-",
        ])
    }

    @Test func handlesACRLFSplitAcrossChunks() throws {
        #expect(try events(["data: x\r", "\n\r", "\ndata: y\r", "\r", "\n"]) == ["message|x|-", "message|y|-"])
    }

    @Test func handlesEveryChunkBoundary() throws {
        let stream = "id: 1\r\nevent: note\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: keep-alive\r\n\r\ndata: last\n\n"
        let expected = ["note|{\"a\":\n1}|1", "message|last|1"]
        for cut in 0...stream.utf8.count {
            let bytes = Array(stream.utf8)
            let chunks = [String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)]
            #expect(try events(chunks) == expected, "cut at \(cut)")
        }
        #expect(try events(stream.map { String($0) }) == expected, "byte by byte")
    }

    @Test func ignoresComments() throws {
        #expect(try events([": ping\n\n:another\ndata: x\n\n"]) == ["message|x|-"])
    }

    @Test func keepsTheLastEventIdAcrossEvents() throws {
        var parser = SSEParser()
        let parsed = try parser.parse(ByteBuffer(string: "id: abc\ndata:\n\ndata: next\n\nid\ndata: cleared\n\n"))
        #expect(parsed.map { "\($0.dataText)|\($0.id ?? "-")" } == ["|abc", "next|abc", "cleared|-"])
        #expect(parser.lastEventID == "")
    }

    @Test func ignoresAnIdContainingNUL() throws {
        var parser = SSEParser()
        _ = try parser.parse(ByteBuffer(string: "id: good\n\nid: b\0d\ndata: x\n\n"))
        #expect(parser.lastEventID == "good")
    }

    @Test func readsRetryOnlyWhenItIsDigits() throws {
        var parser = SSEParser()
        _ = try parser.parse(ByteBuffer(string: "retry: 1500\n\nretry: soon\n\n"))
        #expect(parser.reconnectionTime == 1500)
    }

    @Test func dispatchesAnEventWithEmptyDataButNotOneWithoutData() throws {
        #expect(try events(["id: 7\ndata:\n\nevent: only-type\n\n"]) == ["message||7"])
    }

    @Test func takesAFieldWithoutColonAsEmptyValueAndStripsOnlyOneSpace() throws {
        #expect(try events(["data\ndata:  two spaces\n\n"]) == ["message|\n two spaces|-"])
    }

    @Test func ignoresUnknownFields() throws {
        #expect(try events(["foo: bar\ndata: x\n\n"]) == ["message|x|-"])
    }

    @Test func dropsALeadingByteOrderMarkEvenWhenSplit() throws {
        #expect(try events(["\u{FEFF}data: x\n\n"]) == ["message|x|-"])
        var parser = SSEParser()
        var all: [SSEEvent] = []
        for byte in Array("\u{FEFF}data: y\n\n".utf8) {
            all += try parser.parse(ByteBuffer(bytes: [byte]))
        }
        #expect(all.map(\.dataText) == ["y"])
    }

    @Test func discardsAnUnfinishedEventAtTheEnd() throws {
        #expect(try events(["data: complete\n\ndata: cut off"]) == ["message|complete|-"])
    }

    @Test func refusesAnEventOverTheLimit() throws {
        var parser = SSEParser(maximumEventSize: 16)
        #expect(throws: SSEParser.EventTooLarge(limit: 16)) {
            _ = try parser.parse(ByteBuffer(string: "data: 0123456789\ndata: 0123456789\n\n"))
        }
        var lineParser = SSEParser(maximumEventSize: 16)
        #expect(throws: SSEParser.EventTooLarge(limit: 16)) {
            _ = try lineParser.parse(ByteBuffer(string: "data: 0123456789abcdefghij"))
        }
    }
}
