import ArgumentParser
import Foundation

/// Runs the command line with the exit codes we promise: 0 ok, 1 problems, 2 usage error.
@main
enum Main {
    static func main() async {
        do {
            var command = try Gatehouse.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            if let message = failure.message { Console.error(message) }
            exit(1)
        } catch {
            let code = Gatehouse.exitCode(for: error)
            let message = Gatehouse.fullMessage(for: error)
            if code == .success {
                Console.out(message)
                exit(0)
            }
            if !message.isEmpty { Console.error(message) }
            // ArgumentParser reports usage errors as EX_USAGE (64); we promise 2.
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
