/// The operand of `path_within`, compiled: directories a path argument must stay inside.
struct AllowedDirectories: Sendable {
    let directories: [ResolvedPath]

    /// Nil when every reading of `argument` (see ``PathParser``) lies inside one of the
    /// directories; otherwise why not.
    func refusal(for argument: String) -> PathRefusal? {
        PathParser.refusal(for: argument) { reading in directories.contains { reading.isWithin($0) } }
    }
}
