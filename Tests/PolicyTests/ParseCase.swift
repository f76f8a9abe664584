import Testing

/// One row of a parser's table: the input, and what it parses to (as text) or why it is refused.
struct ParseCase<Refusal: Error & Equatable & Sendable>: CustomTestStringConvertible, Sendable {
    var input: String
    var expected: Result<String, Refusal>
    var testDescription: String { input.debugDescription }

    init(_ input: String, _ parsed: String) {
        self.input = input
        expected = .success(parsed)
    }

    init(_ input: String, refused: Refusal) {
        self.input = input
        expected = .failure(refused)
    }
}
