import Synchronization

/// The files one generation wrote or found unchanged, relative to the output folder (page
/// workers add to it from several threads).
final class WrittenFiles: Sendable {
    private let paths = Mutex<[String]>([])

    func add(_ path: String) {
        paths.withLock { $0.append(path) }
    }

    var all: [String] {
        paths.withLock { $0 }
    }
}
