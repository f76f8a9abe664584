import Upstream

/// One live connection to the upstream, numbered so late events from an old connection are
/// told apart from the current one's.
final class UpstreamLink: Sendable {
    let connection: any UpstreamConnection
    let generation: Int

    init(connection: any UpstreamConnection, generation: Int) {
        self.connection = connection
        self.generation = generation
    }
}
