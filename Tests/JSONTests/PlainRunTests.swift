import Testing
@testable import JSON

/// The word-at-a-time run must stop exactly where a byte-by-byte look would.
@Suite struct PlainRunTests {
    /// The byte-by-byte answer: the run's length, and whether it holds a byte of 0x80 or above.
    static func reference(_ bytes: [UInt8], from start: Int) -> (Int, Bool) {
        var index = start
        var nonASCII = false
        while index < bytes.count, !PlainRun.isSpecial(bytes[index]) {
            if bytes[index] >= 0x80 { nonASCII = true }
            index += 1
        }
        return (index - start, nonASCII)
    }

    static func run(_ bytes: [UInt8], from start: Int) -> (Int, Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            var nonASCII = false
            let length = PlainRun.length(in: buffer, from: start, nonASCII: &nonASCII)
            return (length, nonASCII)
        }
    }

    /// Every byte value at every place of two words and a tail, from every start in the first word.
    @Test func stopsAtTheFirstQuoteBackslashOrControlByte() {
        for byte in UInt8.min...UInt8.max {
            for place in 0..<19 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 19)
                bytes[place] = byte
                for start in 0..<8 {
                    let (length, nonASCII) = Self.run(bytes, from: start)
                    let (expected, expectedNonASCII) = Self.reference(bytes, from: start)
                    #expect(length == expected, "byte \(byte) at \(place) from \(start)")
                    #expect(nonASCII == expectedNonASCII, "byte \(byte) at \(place) from \(start)")
                }
            }
        }
    }

    /// Pairs of unusual bytes in one word: a borrow from one must not hide or fake the other.
    @Test func neighbouringBytesDoNotMaskEachOther() {
        let unusual: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xDC, 0xFF]
        for first in unusual {
            for second in unusual {
                for place in 0..<7 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "z"), count: 16)
                    bytes[place] = first
                    bytes[place + 1] = second
                    let got = Self.run(bytes, from: 0)
                    let expected = Self.reference(bytes, from: 0)
                    #expect(got.0 == expected.0 && got.1 == expected.1, "\(first), \(second) at \(place)")
                }
            }
        }
    }

    @Test(arguments: [
        (#"plain text"#, 10), (#"ab"cd"#, 2), (#"ab\cd"#, 2), ("tab\there", 3), ("", 0), ("0123456789abcdef\"", 16),
    ])
    func runsOfText(text: String, length: Int) {
        #expect(Self.run(Array(text.utf8), from: 0).0 == length)
    }
}
