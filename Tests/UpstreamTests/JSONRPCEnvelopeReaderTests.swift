import Testing
import Upstream

/// The one envelope reader: the members found as byte ranges in one strict pass, and why bytes
/// are not one JSON object.
@Suite struct JSONRPCEnvelopeReaderTests {
    private func read(_ text: String, duplicates: Bool = false) -> Result<(JSONRPCEnvelopeReader, String), JSONRPCEnvelopeReader.Failure> {
        var text = text
        return text.withUTF8 { bytes in
            Result { () throws(JSONRPCEnvelopeReader.Failure) in
                (try JSONRPCEnvelopeReader.read(UnsafeRawBufferPointer(bytes), findingDuplicateKeys: duplicates), String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    private func slice(_ text: String, _ range: Range<Int>?) -> String? {
        range.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
    }

    @Test func findsTheMembersAndTheNameInsideParams() throws {
        let (members, text) = try read(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"name":"inner"}}}"#).get()
        #expect(slice(text, members.version) == #""2.0""#)
        #expect(slice(text, members.id) == "7")
        #expect(slice(text, members.method) == #""tools/call""#)
        #expect(slice(text, members.name) == #""echo""#, "params' own name, not one nested deeper")
        #expect(slice(text, members.params)?.hasPrefix(#"{"name""#) == true)
        #expect(members.result == nil && members.error == nil && members.duplicateKey == nil)
    }

    @Test(arguments: [
        ("", JSONRPCEnvelopeReader.Failure.empty),
        ("  ", .empty),
        ("[1, 2]", .batch),
        ("42", .notAnObject),
        (#""text""#, .notAnObject),
    ])
    func saysWhyBytesAreNotOneObject(text: String, failure: JSONRPCEnvelopeReader.Failure) {
        #expect(throws: failure) { try read(text).get() }
    }

    @Test(arguments: [#"{"id":1,"method":"x""#, #"{"id":1} trailing"#, "[1,", #"{"result":{"a":tru}}"#])
    func refusesWhatIsNotJSON(text: String) {
        guard case .failure(.notJSON) = read(text) else {
            Issue.record("\(text) read as JSON")
            return
        }
    }

    @Test func findsADuplicateKeyOnlyWhenAsked() throws {
        let text = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"free","name":"echo"}}"#
        #expect(try read(text).get().0.duplicateKey == nil)
        let (members, original) = try read(text, duplicates: true).get()
        #expect(slice(original, members.duplicateKey) == #""name""#)
    }
}
