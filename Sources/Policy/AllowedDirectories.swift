/// The operand of `path_within`, compiled: directories a path argument must stay inside.
struct AllowedDirectories: Sendable {
    let directories: [ResolvedPath]

    /// Nil when every reading of `argument` (see ``PathParser``) lies inside one of the
    /// directories; otherwise why not.
    func refusal(for argument: String) -> PathRefusal? {
        PathParser.refusal(for: argument) { reading in directories.contains { reading.isWithin($0) } }
    }

    /// For `deny_if`: whether any reading of `argument` lies inside one of the directories
    /// (a server may take that reading), or why the argument cannot be read at all.
    func anyReadingWithin(_ argument: String) -> Result<Bool, PathRefusal> {
        switch PathParser.refusal(for: argument, admitting: { reading in !directories.contains { reading.isWithin($0) } }) {
        case nil: return .success(false)
        case .outside?: return .success(true)
        case let refusal?: return .failure(refusal)
        }
    }
}
