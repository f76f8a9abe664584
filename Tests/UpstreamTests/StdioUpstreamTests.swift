import Foundation
import NIOCore
import Testing
import Upstream

@Suite(.timeLimit(.minutes(1))) struct StdioUpstreamTests {
    @Test func sendsAndReceivesNewlineDelimitedMessages() async throws {
        let upstream = try await StdioUpstream.launch(StdioServerSpec(name: "cat", command: "cat"), logger: testLogger)
        var iterator = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#))
        try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#))
        #expect(await nextMessage(&iterator) == #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
        #expect(await nextMessage(&iterator) == #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        await upstream.close()
        let closure = try await drain(upstream).closure
        #expect(closure.cause == .closedByGatehouse)
    }

    @Test func turnsNewlinesInsideAMessageIntoSpaces() async throws {
        let upstream = try await StdioUpstream.launch(StdioServerSpec(name: "cat", command: "cat"), logger: testLogger)
        var iterator = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: "{\n  \"id\": 1\r\n}"))
        #expect(await nextMessage(&iterator) == "{   \"id\": 1  }")
        await upstream.close()
    }

    @Test func reassemblesAMessageWrittenInPiecesWithCRLF() async throws {
        let script = #"printf '{"id":'; sleep 0.1; printf '7}\r\n'"#
        let upstream = try await StdioUpstream.launch(shell("pieces", script), logger: testLogger)
        let (messages, closure) = try await drain(upstream)
        #expect(messages == [#"{"id":7}"#])
        #expect(closure.cause == .exited(status: 0))
    }

    @Test func skipsStdoutLinesThatAreNotMessages() async throws {
        let script = #"echo 'Server starting...'; echo; echo '{"ok":true}'; echo '[1,2]'"#
        let (messages, _) = try await drain(try await StdioUpstream.launch(shell("banner", script), logger: testLogger))
        #expect(messages == [#"{"ok":true}"#])
    }

    @Test func reportsTheExitStatusAndLastStderrLines() async throws {
        let script = #"echo '{"before":"exit"}'; echo 'Traceback (most recent call last):' >&2; echo 'ValueError: boom' >&2; exit 3"#
        let (messages, closure) = try await drain(try await StdioUpstream.launch(shell("crashy", script), logger: testLogger))
        #expect(messages == [#"{"before":"exit"}"#])
        #expect(closure.cause == .exited(status: 3))
        #expect(closure.recentStderr == ["Traceback (most recent call last):", "ValueError: boom"])
        #expect(closure.description.contains("upstream crashy exited with status 3"))
    }

    @Test func reportsTheSignalThatKilledIt() async throws {
        let (_, closure) = try await drain(try await StdioUpstream.launch(shell("killed", "kill -9 $$"), logger: testLogger))
        #expect(closure.cause == .killed(signal: 9))
    }

    @Test func closeEndsAServerThatExitsOnStdinEOFWithoutSignals() async throws {
        // With an hour's grace period, close() returning within the suite's time limit means
        // stdin EOF was enough.
        let spec = StdioServerSpec(name: "cat", command: "cat", shutdownGracePeriod: .seconds(3600))
        let upstream = try await StdioUpstream.launch(spec, logger: testLogger)
        await upstream.close()
        #expect(!isAlive(upstream.processID))
    }

    @Test func closeKillsTheWholeProcessGroupOfAServerThatIgnoresSIGTERM() async throws {
        // Ignores stdin EOF and SIGTERM; its background child inherits the ignored SIGTERM.
        let script = #"trap '' TERM; sleep 1000 & echo "{\"child\":$!}"; while :; do sleep 1; done"#
        let upstream = try await StdioUpstream.launch(shell("stubborn", script, grace: .milliseconds(200)), logger: testLogger)
        var iterator = upstream.events.makeAsyncIterator()
        let announced = try #require(await nextMessage(&iterator))
        let child = try #require(Int32(announced.filter(\.isNumber)))
        #expect(isAlive(child))
        await upstream.close()
        #expect(!isAlive(upstream.processID))
        #expect(await waitGone(child), "the server's own child must die with it")
    }

    @Test func killsLeftoverChildrenWhenTheServerExitsByItself() async throws {
        let script = #"sleep 1000 & echo "{\"child\":$!}"; exit 0"#
        let upstream = try await StdioUpstream.launch(shell("leaver", script), logger: testLogger)
        let (messages, closure) = try await drain(upstream)
        let announced = try #require(messages.first)
        let child = try #require(Int32(announced.filter(\.isNumber)))
        #expect(closure.cause == .exited(status: 0))
        #expect(await waitGone(child))
    }

    @Test func stopsAServerThatClosesItsStdoutButKeepsRunning() async throws {
        let upstream = try await StdioUpstream.launch(shell("mute", "exec 1>&-; trap '' TERM; while :; do sleep 1; done", grace: .milliseconds(100)), logger: testLogger)
        let (_, closure) = try await drain(upstream)
        #expect(closure.cause == .closedStdout)
        #expect(!isAlive(upstream.processID))
    }

    @Test func endsTheConnectionOnALineOverTheLimit() async throws {
        var spec = shell("chatty", "head -c 5000 /dev/zero | tr '\\0' a; echo; sleep 1000")
        spec.maximumMessageSize = 1000
        let (messages, closure) = try await drain(try await StdioUpstream.launch(spec, logger: testLogger))
        #expect(messages.isEmpty)
        #expect(closure.cause == .protocolViolation("sent a stdout line over 1000 bytes (the limit for one message)"))
    }

    @Test func doesNotWaitForeverOnAServerThatStopsReading() async throws {
        var spec = shell("deaf", "sleep 1000")
        spec.writeStallTimeout = .milliseconds(200)
        let upstream = try await StdioUpstream.launch(spec, logger: testLogger)
        let big = ByteBuffer(string: "{\"padding\":\"" + String(repeating: "x", count: 1 << 20) + "\"}")
        let error = await #expect(throws: UpstreamError.self) {
            try await upstream.send(big)
        }
        guard case .closed(let closure)? = error else { Issue.record("want .closed, got \(String(describing: error))"); return }
        #expect(closure.cause == .protocolViolation("did not read its stdin for 0.2 seconds"))
    }

    @Test func refusesToSendAfterClose() async throws {
        let upstream = try await StdioUpstream.launch(StdioServerSpec(name: "cat", command: "cat"), logger: testLogger)
        await upstream.close()
        await upstream.close()
        await #expect(throws: UpstreamError.self) { try await upstream.send(ByteBuffer(string: "{}")) }
    }

    @Test func namesAMissingCommand() async throws {
        let spec = StdioServerSpec(name: "ghost", command: "gatehouse-no-such-server")
        let error = await #expect(throws: UpstreamError.self) { _ = try await StdioUpstream.launch(spec, logger: testLogger) }
        guard case .commandNotFound(let server, let command, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(server == "ghost")
        #expect(command == "gatehouse-no-such-server")
        #expect(error?.description.contains("command 'gatehouse-no-such-server' not found") == true)
    }

    @Test func namesAMissingPath() async throws {
        let spec = StdioServerSpec(name: "ghost", command: "/nonexistent/bin/server")
        let error = await #expect(throws: UpstreamError.self) { _ = try await StdioUpstream.launch(spec, logger: testLogger) }
        guard case .commandNotFound(_, let command, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(command == "/nonexistent/bin/server")
    }

    @Test func givesTheChildOnlyTheSafeEnvironmentPlusItsOwn() async throws {
        setenv("GATEHOUSE_TEST_SECRET", "leaked", 1)
        var spec = shell("env", #"printf '{"secret":"%s","mine":"%s","path":"%s"}\n' "$GATEHOUSE_TEST_SECRET" "$MINE" "$PATH""#)
        spec.environment = ["MINE": "yes"]
        let (messages, _) = try await drain(try await StdioUpstream.launch(spec, logger: testLogger))
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        #expect(messages == [#"{"secret":"","mine":"yes","path":"\#(path)"}"#])
    }

    @Test func startsInTheConfiguredWorkingDirectory() async throws {
        var spec = shell("cwd", #"printf '{"cwd":"%s"}\n' "$(pwd)""#)
        spec.workingDirectory = "/tmp"
        let (messages, _) = try await drain(try await StdioUpstream.launch(spec, logger: testLogger))
        #expect(messages == [#"{"cwd":"/tmp"}"#])
    }

    @Test func putsTheChildInItsOwnProcessGroup() async throws {
        let script = #"printf '{"pgid":%s}\n' "$(cut -d' ' -f5 /proc/$$/stat)""#
        let upstream = try await StdioUpstream.launch(shell("group", script), logger: testLogger)
        let (messages, _) = try await drain(upstream)
        #expect(messages == [#"{"pgid":\#(upstream.processID)}"#])
    }
}
