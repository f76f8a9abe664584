import Foundation

/// Where Gatehouse keeps its state: the embedded SQLite file, or a shared PostgreSQL database.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// `<directory>/gatehouse.sqlite`.
    case sqlite(directory: String)
    /// A `postgres://user:password@host:port/database` URL.
    case postgres(url: String)

    /// Reads a `--store` or `"store"` value: `postgres://…` or `postgresql://…` selects
    /// PostgreSQL; `sqlite:DIR` (or `sqlite://DIR`) names the folder of a SQLite file.
    public init(parsing text: String) throws(StoreError) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if lowered.hasPrefix("sqlite:") {
            var directory = String(text.dropFirst("sqlite:".count))
            if directory.hasPrefix("//") { directory.removeFirst(2) }
            guard !directory.isEmpty else { throw StoreError.invalid("'\(text)' names no folder: write sqlite:DIR") }
            self = .sqlite(directory: directory)
        } else {
            throw StoreError.invalid("'\(text)' is not a store URL: use postgres://user@host/db, or sqlite:DIR")
        }
    }

    /// `store` when given (the `--store` flag, else the configuration's), else SQLite in `dataDirectory`.
    public static func resolve(store: String?, dataDirectory: String) throws(StoreError) -> StoreLocation {
        guard let store, !store.isEmpty else { return .sqlite(directory: dataDirectory) }
        return try StoreLocation(parsing: store)
    }

    /// For messages: the SQLite file's path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let directory):
            return URL(fileURLWithPath: directory).appendingPathComponent(SQLiteDatabase.fileName).path
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres://…" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "postgres://…"
        }
    }
}
