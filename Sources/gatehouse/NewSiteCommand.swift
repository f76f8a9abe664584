import ArgumentParser
import JSON
import SiteGenerator

/// `gatehouse new site DIR`: the built-in templates and attack patterns written out for editing.
struct NewSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Write the built-in templates and attack patterns into a new folder, to edit.",
        discussion: """
            Creates DIR with templates/ (layout, pages, partials, assets), content/attack-patterns/ \
            and an empty catalog content/servers/. Run `gatehouse generate` inside DIR and it uses \
            these instead of the built-in ones (--templates and --patterns still override both). \
            Refuses a folder that exists and is not empty.

            Exit status: 0 when the folder was written, 1 when it could not be.

            Example:
              gatehouse new site my-catalog && cd my-catalog && gatehouse generate --catalog ../shared/catalog
            """
    )

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var directory: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let written: [String]
        do { written = try SiteDefaults.writeNewSite(to: directory) } catch { throw CommandFailure("gatehouse new site: \(error)") }
        if output.json {
            Console.json(["folder": .string(directory), "written": .array(written.map { .string($0) })])
        } else {
            Console.out("Created \(directory)/ with \(written.joined(separator: ", "))\nEdit them, add servers/<id>.json to content/, and run `gatehouse generate` inside it.")
        }
    }
}
