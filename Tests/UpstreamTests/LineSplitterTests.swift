import NIOCore
import Testing
import Upstream

@Suite struct LineSplitterTests {
    private func lines(_ chunks: [String], limit: Int = 1024) throws -> [String] {
        var splitter = LineSplitter(maximumLineLength: limit)
        var result: [String] = []
        for chunk in chunks {
            splitter.append(ByteBuffer(string: chunk))
            while let line = try splitter.nextLine() { result.append(String(buffer: line)) }
        }
        if let last = splitter.finish() { result.append("unterminated:" + String(buffer: last)) }
        return result
    }

    @Test func joinsALineSplitAcrossChunks() throws {
        #expect(try lines(["{\"a\":", "1}\n{\"b\"", ":2}\n"]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func returnsEveryLineOfOneChunk() throws {
        #expect(try lines(["one\ntwo\nthree\n"]) == ["one", "two", "three"])
    }

    @Test func dropsTheCarriageReturnOfCRLF() throws {
        #expect(try lines(["one\r\ntwo\r", "\nthree\n"]) == ["one", "two", "three"])
    }

    @Test func keepsEmptyLinesForTheCallerToSkip() throws {
        #expect(try lines(["\n\na\n"]) == ["", "", "a"])
    }

    @Test func handsBackAnUnterminatedLastLineAtTheEnd() throws {
        #expect(try lines(["a\nb"]) == ["a", "unterminated:b"])
    }

    @Test func splitsByteByByteInput() throws {
        #expect(try lines("ab\ncd\n".map { String($0) }) == ["ab", "cd"])
    }

    @Test func throwsOnceForAnIncompleteOversizedLineThenGoesOn() throws {
        var splitter = LineSplitter(maximumLineLength: 8)
        splitter.append(ByteBuffer(string: "0123456789"))
        #expect(throws: LineSplitter.LineTooLong(limit: 8)) { try splitter.nextLine() }
        #expect(splitter.bufferedByteCount == 0)
        splitter.append(ByteBuffer(string: "more of the long line\nok\n"))
        #expect(try splitter.nextLine().map { String(buffer: $0) } == "ok")
        #expect(try splitter.nextLine() == nil)
    }

    @Test func throwsForACompleteOversizedLineAndKeepsTheNext() throws {
        var splitter = LineSplitter(maximumLineLength: 4)
        splitter.append(ByteBuffer(string: "too long\nfine\n"))
        #expect(throws: LineSplitter.LineTooLong(limit: 4)) { try splitter.nextLine() }
        #expect(try splitter.nextLine().map { String(buffer: $0) } == "fine")
    }

    @Test func acceptsALineOfExactlyTheLimit() throws {
        #expect(try lines(["abcd\n"], limit: 4) == ["abcd"])
        #expect(try lines(["abcd\r\n"], limit: 4) == ["abcd"])
    }
}
