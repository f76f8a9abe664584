import Logging
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An MCP server running as a subprocess, spoken to over its stdin and stdout
/// (newline-delimited JSON-RPC), its stderr going to the log.
///
/// The child runs in its own process group with a scrubbed environment (``ChildEnvironment``)
/// and dies with the gateway (`PR_SET_PDEATHSIG`, and EOF on its stdin). Its pipes are SwiftNIO
/// channels: no polling anywhere. When it exits, whatever is left of its process group is
/// killed, it is reaped, and `.closed` follows the last message within milliseconds.
public final class StdioUpstream: UpstreamConnection {
    public let serverName: String
    public let events: AsyncStream<UpstreamEvent>
    /// The child's pid, which is also its process group id.
    public let processID: Int32

    private let spec: StdioServerSpec
    private let logger: Logger
    private let process: ChildProcess
    private let eventLoop: any EventLoop
    private let continuation: AsyncStream<UpstreamEvent>.Continuation
    private let exitPromise: EventLoopPromise<ChildProcess.ExitStatus>
    private let closedPromise: EventLoopPromise<UpstreamClosure>
    private let state = Mutex(State())

    /// How long after the process exits we still wait for its pipes to reach EOF (a process
    /// outside its group may hold them open).
    private static let pipeDrainTimeout = TimeAmount.seconds(1)
    /// How many of the last stderr lines a closure reports.
    private static let recentStderrLimit = 8

    private struct State {
        var stdio: (any Channel)?
        var stderr: (any Channel)?
        var stdoutEnded = false
        var stderrEnded = false
        var exitStatus: ChildProcess.ExitStatus?
        var closeRequested = false
        var stdoutEndedWhileRunning = false
        var signaledByUs = false
        var violation: String?
        var closure: UpstreamClosure?
        var recentStderr: [String] = []
        var skippedLines = 0
        var firstSkippedLine: String?
    }

    /// Stdout lines that were not JSON-RPC messages (banners, debug prints): how many, and the
    /// first (up to 200 bytes) — a clue when a server never answers.
    public var skippedOutput: (count: Int, first: String?) {
        state.withLock { ($0.skippedLines, $0.firstSkippedLine) }
    }

    /// The last lines the server wrote on stderr, oldest first.
    public var recentStderr: [String] {
        state.withLock { $0.recentStderr }
    }

    /// Starts the server and connects to its pipes. Throws when the command does not exist or
    /// cannot be started; a server that starts and dies at once yields `.closed` instead.
    public static func launch(
        _ spec: StdioServerSpec, logger: Logger, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(UpstreamError) -> StdioUpstream {
        let environment = ChildEnvironment.forChild(configured: spec.environment)
        let process = try await spawn(spec, environment: environment)
        let upstream = StdioUpstream(spec: spec, process: process, logger: logger, eventLoop: eventLoopGroup.next())
        do {
            try await upstream.connectPipes()
        } catch {
            upstream.abandonUnconnectedPipes()
            process.signalGroup(SIGKILL)
            upstream.watchExit()
            await upstream.close()
            throw UpstreamError.launchFailed(server: spec.name, command: spec.command, stage: "connecting the pipes", reason: "\(error)")
        }
        upstream.watchExit()
        upstream.logger.debug("started", metadata: ["pid": "\(process.pid)", "command": "\(spec.command)"])
        return upstream
    }

    private init(spec: StdioServerSpec, process: ChildProcess, logger: Logger, eventLoop: any EventLoop) {
        self.serverName = spec.name
        self.spec = spec
        self.process = process
        self.processID = process.pid
        self.eventLoop = eventLoop
        self.logger = logger.forUpstream(spec.name)
        (events, continuation) = AsyncStream.makeStream(of: UpstreamEvent.self, bufferingPolicy: .unbounded)
        exitPromise = eventLoop.makePromise()
        closedPromise = eventLoop.makePromise()
    }

    // MARK: UpstreamConnection

    public func send(_ message: ByteBuffer) async throws(UpstreamError) {
        let channel: (any Channel)? = state.withLock { $0.closeRequested || $0.closure != nil ? nil : $0.stdio }
        guard let channel else { throw .closed(currentClosure()) }
        do {
            try await channel.writeAndFlush(message).get()
        } catch {
            // A broken pipe usually means the process is going away: report why, if it does soon.
            if let closure = await value(of: closedPromise.futureResult, within: Self.pipeDrainTimeout) { throw .closed(closure) }
            throw .writeFailed(server: serverName, reason: "stdin: \(error)")
        }
    }

    /// Closes stdin, waits up to the grace period for the server to exit, then sends SIGTERM to
    /// its process group, waits again, then SIGKILL. Returns once `.closed` was emitted.
    public func close() async {
        let first = state.withLock { state in
            defer { state.closeRequested = true }
            return !state.closeRequested
        }
        if first { await terminate() }
        _ = try? await closedPromise.futureResult.get()
    }

    // MARK: Starting

    private static func spawn(_ spec: StdioServerSpec, environment: ChildEnvironment) async throws(UpstreamError) -> ChildProcess {
        guard let executable = environment.resolve(command: spec.command) else {
            throw .commandNotFound(server: spec.name, command: spec.command, searchPath: environment.searchPath)
        }
        let result: Result<ChildProcess, ChildProcess.SpawnFailure>
        do {
            // PR_SET_PDEATHSIG follows the spawning thread: spawn on one that lives forever.
            result = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(ChildProcess.SpawnFailure) in
                    try ChildProcess.spawn(
                        executable: executable, arguments: spec.arguments, environment: environment.entries,
                        workingDirectory: spec.workingDirectory)
                }
            }
        } catch {
            throw .launchFailed(server: spec.name, command: spec.command, stage: "spawn", reason: "\(error)")
        }
        switch result {
        case .success(let process):
            return process
        case .failure(let failure) where failure.stage == "exec" && failure.errorNumber == ENOENT:
            throw .commandNotFound(server: spec.name, command: executable, searchPath: environment.searchPath)
        case .failure(let failure):
            throw .launchFailed(server: spec.name, command: executable, stage: failure.stage, reason: failure.reason)
        }
    }

    private func connectPipes() async throws {
        let stdio = try await NIOPipeBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        NewlineFramer(allocator: channel.allocator),
                        WriteStallGuard(timeout: TimeAmount(self.spec.writeStallTimeout)) { self.writeStalled() },
                        StdoutReader(
                            maximumLineLength: self.spec.maximumMessageSize, onLine: { self.receivedLine($0) },
                            onLineTooLong: { self.lineTooLong(limit: $0) }, onEnd: { self.stdoutEnded() }),
                    ])
                }
            }
            .takingOwnershipOfDescriptors(input: process.stdoutDescriptor, output: process.stdinDescriptor).get()
        state.withLock { $0.stdio = stdio }
        let stderr = try await NIOPipeBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        StderrReader(onLine: { self.stderrLine($0) }, onEnd: { self.stderrEnded() }))
                }
            }
            .takingOwnershipOfDescriptor(input: process.stderrDescriptor).get()
        state.withLock { $0.stderr = stderr }
    }

    /// After a failed `connectPipes`: closes the descriptors NIO did not take over (they are still
    /// ours) and counts their streams as ended, so that `.closed` can still be emitted.
    private func abandonUnconnectedPipes() {
        let (stdio, stderr) = state.withLock { state in
            defer {
                if state.stdio == nil { state.stdoutEnded = true }
                if state.stderr == nil { state.stderrEnded = true }
            }
            return (state.stdio, state.stderr)
        }
        if let stdio {
            stdio.close(promise: nil)
        } else {
            closeDescriptor(process.stdinDescriptor)
            closeDescriptor(process.stdoutDescriptor)
        }
        if let stderr {
            stderr.close(promise: nil)
        } else {
            closeDescriptor(process.stderrDescriptor)
        }
    }

    private func watchExit() {
        process.watchExit { status in
            self.eventLoop.execute { self.processExited(status) }
        }
    }

    // MARK: Events (on the event loop)

    private func receivedLine(_ line: ByteBuffer) {
        switch Self.firstNonWhitespaceByte(of: line) {
        case nil:
            return
        case UInt8(ascii: "{"):
            continuation.yield(.message(UpstreamMessage(bytes: line)))
        default:
            skipNonMessage(line)
        }
    }

    /// Servers must print only MCP messages on stdout; some print banners anyway. Skip them,
    /// saying so in the log (the first few, then ever more rarely).
    private func skipNonMessage(_ line: ByteBuffer) {
        let preview = String(buffer: line.getSlice(at: line.readerIndex, length: min(line.readableBytes, 200))!)
        let count = state.withLock { state in
            state.skippedLines += 1
            if state.firstSkippedLine == nil { state.firstSkippedLine = preview }
            return state.skippedLines
        }
        guard LogThrottle.shouldLog(occurrence: count) else { return }
        logger.warning(
            "skipped a stdout line that is not a JSON-RPC message (\(count) so far)", metadata: ["line": "\(preview)"])
    }

    private func lineTooLong(limit: Int) {
        violation("sent a stdout line over \(limit) bytes (the limit for one message)")
    }

    private func writeStalled() {
        violation("did not read its stdin for \(spec.writeStallTimeout)")
    }

    private func violation(_ reason: String) {
        let first = state.withLock { state in
            defer { if state.violation == nil { state.violation = reason } }
            return state.violation == nil
        }
        guard first else { return }
        logger.error("\(reason); stopping it")
        state.withLock { $0.signaledByUs = true }
        process.signalGroup(SIGKILL)
    }

    private func stderrLine(_ line: String) {
        state.withLock { state in
            state.recentStderr.append(line)
            if state.recentStderr.count > Self.recentStderrLimit { state.recentStderr.removeFirst() }
        }
        logger.info("\(line)", metadata: ["stream": "stderr"])
    }

    private func stdoutEnded() {
        let mustStop = state.withLock { state in
            state.stdoutEnded = true
            guard state.exitStatus == nil, !state.closeRequested else { return false }
            state.stdoutEndedWhileRunning = true
            return true
        }
        if mustStop {
            // Usually the process is exiting right now; if it is not, it cannot be spoken to any more.
            Task { await self.terminate() }
        }
        finishIfDone()
    }

    private func stderrEnded() {
        state.withLock { $0.stderrEnded = true }
        finishIfDone()
    }

    private func processExited(_ status: ChildProcess.ExitStatus) {
        state.withLock { $0.exitStatus = status }
        exitPromise.succeed(status)
        let channels = state.withLock { [$0.stdio, $0.stderr] }
        eventLoop.scheduleTask(in: Self.pipeDrainTimeout) {
            for channel in channels { channel?.close(promise: nil) }
        }
        finishIfDone()
    }

    /// Emits `.closed` once the process has exited and both pipes reached EOF, so that every
    /// message it wrote comes first and the closure can quote its last stderr lines.
    private func finishIfDone() {
        let closure: UpstreamClosure? = state.withLock { state in
            guard state.closure == nil, let status = state.exitStatus, state.stdoutEnded, state.stderrEnded else { return nil }
            let closure = UpstreamClosure(server: serverName, cause: Self.cause(state, status), recentStderr: state.recentStderr)
            state.closure = closure
            return closure
        }
        guard let closure else { return }
        if closure.cause == .closedByGatehouse {
            logger.debug("closed")
        } else {
            logger.notice("\(closure)")
        }
        continuation.yield(.closed(closure))
        continuation.finish()
        closedPromise.succeed(closure)
    }

    private static func cause(_ state: State, _ status: ChildProcess.ExitStatus) -> UpstreamClosure.Cause {
        if let violation = state.violation { return .protocolViolation(violation) }
        if state.closeRequested { return .closedByGatehouse }
        if state.stdoutEndedWhileRunning && state.signaledByUs { return .closedStdout }
        switch status {
        case .exited(let code): return .exited(status: code)
        case .signaled(let signal): return .killed(signal: signal)
        }
    }

    private func currentClosure() -> UpstreamClosure {
        state.withLock { $0.closure } ?? UpstreamClosure(server: serverName, cause: .closedByGatehouse)
    }

    // MARK: Stopping

    /// Closes stdin, then escalates SIGTERM and SIGKILL to the process group, each after the
    /// grace period, until the process has exited.
    private func terminate() async {
        let stdio = state.withLock { $0.stdio }
        _ = try? await stdio?.close(mode: .output).get()
        let grace = TimeAmount(spec.shutdownGracePeriod)
        if await exited(within: grace) { return }
        state.withLock { $0.signaledByUs = true }
        logger.notice("did not exit within \(spec.shutdownGracePeriod) of its stdin closing; sending SIGTERM")
        process.signalGroup(SIGTERM)
        if await exited(within: grace) { return }
        logger.warning("did not exit within \(spec.shutdownGracePeriod) of SIGTERM; sending SIGKILL")
        process.signalGroup(SIGKILL)
        _ = await exited(within: .seconds(10))
    }

    /// Whether the process exits within `timeout`.
    private func exited(within timeout: TimeAmount) async -> Bool {
        await value(of: exitPromise.futureResult, within: timeout) != nil
    }

    /// The future's value, or nil when it does not succeed within `timeout`.
    private func value<Value: Sendable>(of future: EventLoopFuture<Value>, within timeout: TimeAmount) async -> Value? {
        let outcome = eventLoop.makePromise(of: Value?.self)
        eventLoop.execute {
            let settled = NIOLoopBoundBox(false, eventLoop: self.eventLoop)
            let timer = self.eventLoop.scheduleTask(in: timeout) {
                guard !settled.value else { return }
                settled.value = true
                outcome.succeed(nil)
            }
            future.hop(to: self.eventLoop).whenComplete { result in
                guard !settled.value else { return }
                settled.value = true
                timer.cancel()
                outcome.succeed(try? result.get())
            }
        }
        return (try? await outcome.futureResult.get()) ?? nil
    }

    private static func firstNonWhitespaceByte(of line: ByteBuffer) -> UInt8? {
        line.withUnsafeReadableBytes { bytes in
            bytes.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }
        }
    }
}

/// `close(2)`, out of reach of ``StdioUpstream/close()`` inside the class.
private func closeDescriptor(_ descriptor: CInt) {
    _ = close(descriptor)
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
