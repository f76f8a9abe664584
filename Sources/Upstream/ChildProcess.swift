import CUpstreamSpawn
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A started child process in its own process group, and the parent's ends of its pipes.
///
/// The spawning itself is C (`CUpstreamSpawn`): between fork and exec only async-signal-safe
/// calls are allowed. The child gets `PR_SET_PDEATHSIG(SIGKILL)`, tied to the spawning thread, so
/// ``spawn(executable:arguments:environment:workingDirectory:)`` must run on a thread that lives
/// as long as the process (StdioUpstream uses NIO's singleton thread pool).
struct ChildProcess: Sendable {
    /// How the process ended.
    enum ExitStatus: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// Why spawning failed: the step and errno.
    struct SpawnFailure: Error {
        var stage: String
        var errorNumber: Int32

        var reason: String { String(cString: strerror(errorNumber)) }
    }

    let pid: pid_t
    /// Owned by the caller once spawned (NIO takes them over).
    let stdinDescriptor: CInt
    let stdoutDescriptor: CInt
    let stderrDescriptor: CInt
    /// Readable once the process exited (a pidfd, or a watcher thread's pipe).
    private let exitDescriptor: CInt

    private static let exitQueue = DispatchQueue(label: "gatehouse.upstream.child-exit")

    static func spawn(
        executable: String, arguments: [String], environment: [String], workingDirectory: String?
    ) throws(SpawnFailure) -> ChildProcess {
        var child = gatehouse_child()
        let result = withCStrings([executable] + arguments) { argv in
            withCStrings(environment) { envp in
                if let workingDirectory {
                    return workingDirectory.withCString { gatehouse_spawn(executable, argv, envp, $0, &child) }
                }
                return gatehouse_spawn(executable, argv, envp, nil, &child)
            }
        }
        guard result == 0 else {
            throw SpawnFailure(stage: stageName(child.failed_stage), errorNumber: child.error_number)
        }
        return ChildProcess(
            pid: child.pid, stdinDescriptor: child.stdin_fd, stdoutDescriptor: child.stdout_fd,
            stderrDescriptor: child.stderr_fd, exitDescriptor: child.exit_fd)
    }

    /// Calls `onExit` once, when the process has exited: by then every process left in its group
    /// has been sent SIGKILL (while the exited leader still reserves the group id) and the
    /// process is reaped, so it leaves no zombie and no orphans.
    func watchExit(_ onExit: @escaping @Sendable (ExitStatus) -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: exitDescriptor, queue: Self.exitQueue)
        let pid = self.pid
        let descriptor = exitDescriptor
        source.setEventHandler { source.cancel() }
        source.setCancelHandler {
            close(descriptor)
            kill(-pid, SIGKILL)
            onExit(Self.reap(pid))
        }
        source.resume()
    }

    /// Sends `signal` to every process in the child's group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    private static func reap(_ pid: pid_t) -> ExitStatus {
        var code: Int32 = 0
        var signal: Int32 = 0
        guard gatehouse_reap(pid, &code, &signal) == 0 else { return .signaled(SIGKILL) }
        return signal > 0 ? .signaled(signal) : .exited(code)
    }

    private static func stageName(_ stage: gatehouse_spawn_stage) -> String {
        switch stage {
        case GATEHOUSE_SPAWN_PIPE: "creating pipes"
        case GATEHOUSE_SPAWN_FORK: "fork"
        case GATEHOUSE_SPAWN_CHDIR: "entering the working directory"
        case GATEHOUSE_SPAWN_EXEC: "exec"
        case GATEHOUSE_SPAWN_SETUP: "setting up the child"
        case GATEHOUSE_SPAWN_EXIT_WATCH: "watching for its exit"
        default: "spawn"
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
