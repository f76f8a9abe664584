import Gateway

/// Reads a reply stream from the handler and then from the response body writer.
///
/// `AsyncStream.Iterator` is not `Sendable`, but the body writer closure must be. The cursor
/// is used by one task at a time — the handler reads the first part, then hands the cursor to
/// the body writer, which the server runs after the handler returned — so no two tasks ever
/// touch the iterator at once.
final class ReplyCursor: @unchecked Sendable {
    private var iterator: AsyncStream<ReplyPart>.Iterator

    init(_ stream: AsyncStream<ReplyPart>) {
        iterator = stream.makeAsyncIterator()
    }

    func next() async -> ReplyPart? {
        await iterator.next()
    }
}
