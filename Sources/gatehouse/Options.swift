import ArgumentParser

/// `--json`: print data as JSON instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false
}

/// `--catalog DIR`, repeatable: catalog folders holding `servers/<id>.json`.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp(
        "A catalog folder (holding servers/<id>.json). Repeat to combine folders.", valueName: "dir"))
    var directories: [String] = []

    /// The folders to load; the project's `content/` when none was given.
    var resolved: [String] { directories.isEmpty ? ["content"] : directories }
}
