import JSON

/// One thing wrong in a catalog folder: the file, where in it (a JSON pointer), and what.
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file or folder the problem is in, as given (relative paths stay relative).
    public var file: String
    /// Where in the file; the root for problems with the whole file.
    public var pointer: JSONPointer
    public var message: String

    public init(file: String, at pointer: JSONPointer = .root, _ message: String) {
        self.file = file
        self.pointer = pointer
        self.message = message
    }

    /// `servers/x.json: /tools/3/name: duplicate tool name 'get' (first at /tools/1/name)`.
    public var description: String {
        pointer == .root ? "\(file): \(message)" : "\(file): \(pointer): \(message)"
    }
}

/// A catalog that cannot be loaded, with every problem found (not just the first).
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public init(problems: [CatalogProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
