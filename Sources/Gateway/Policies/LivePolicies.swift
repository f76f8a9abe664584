import Foundation
import JSON
import Logging
import Policy
import Store
import Synchronization

/// Where the policy in force for a server came from.
public enum PolicySource: Sendable, Equatable, CustomStringConvertible {
    /// The server's policy file.
    case file(String)
    /// Set through the admin API (`version`: its number in the policy version store, when kept).
    case api(by: String, version: Int?)
    /// The server has no policy: every call is denied.
    case builtInDenyAll

    public var description: String {
        switch self {
        case .file(let path): return path
        case .api(let by, let version): return "the API (by \(by)\(version.map { ", version \($0)" } ?? ""))"
        case .builtInDenyAll: return "the built-in deny-everything policy"
        }
    }
}

/// A server's policy in force, and since when.
public struct ActivePolicy: Sendable {
    public let policy: CompiledPolicy
    public let source: PolicySource
    public let activatedAt: Date
}

/// One reload attempt, as reported by ``LivePolicies/reloadChangedFiles()``.
public struct PolicyChange: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        /// The new policy is in force.
        case reloaded
        /// The new policy was invalid (or unreadable); the old one stays in force.
        case rejected
    }

    public var server: String
    public var outcome: Outcome
    public var source: PolicySource
    /// Why it was rejected (or the warnings of an accepted policy).
    public var problems: [PolicyProblem]
}

/// Why ``LivePolicies/replace(server:document:source:)`` refused a policy.
public enum PolicyReplaceError: Error, Sendable, CustomStringConvertible {
    case unknownServer(String)
    case invalid(PolicyError)

    public var description: String {
        switch self {
        case .unknownServer(let server): return "no server '\(server)' is configured"
        case .invalid(let error): return error.description
        }
    }
}

/// The policy in force for each configured server, read on every call and replaced live.
///
/// ``policy(for:)`` is a `Mutex`-guarded dictionary read (no I/O, no await): the hot path.
/// ``watch(every:)`` polls each policy file's fingerprint (device, inode, size, mtime) about
/// once a second; a changed file is read and checked, and swapped in atomically only when
/// valid — an invalid file is rejected with every problem in the log and the audit log, and
/// the old policy stays in force. ``replace(server:document:source:)`` is the hook for policies
/// set through the API (issue 6 stores the versions and calls it); a later change of the file
/// takes over again.
public final class LivePolicies: Sendable {
    /// What a server without a policy runs under: deny everything (fail closed).
    public static let denyEverything: CompiledPolicy = {
        // A literal document: it always checks and compiles.
        try! CompiledPolicy(text: #"{"version": "1", "default": "deny", "description": "built in: this server has no policy"}"#)
    }()

    private struct WatchedFile {
        var path: String
        var fingerprint: FileFingerprint?
    }

    private let active: Mutex<[String: ActivePolicy]>
    private let files: Mutex<[String: WatchedFile]>
    private let audit: AuditLog?
    private let logger: Logger

    /// Puts each configured server's loaded policy in force (or deny-everything when it has none).
    /// A server whose policy file was not loaded yet gets deny-everything until the file checks.
    public init(configuration: GatewayConfiguration, policies: [String: LoadedPolicy], audit: AuditLog? = nil,
                logger: Logger = Logger(label: "gatehouse.policies")) throws(PolicyError) {
        var active: [String: ActivePolicy] = [:]
        var files: [String: WatchedFile] = [:]
        let now = Date()
        for server in configuration.servers {
            if let loaded = policies[server.name] {
                let compiled = try CompiledPolicy(loaded.document)
                active[server.name] = ActivePolicy(policy: compiled, source: .file(loaded.path), activatedAt: now)
                files[server.name] = WatchedFile(path: loaded.path, fingerprint: loaded.fingerprint)
            } else {
                active[server.name] = ActivePolicy(policy: Self.denyEverything, source: .builtInDenyAll, activatedAt: now)
                if let path = server.policyPath { files[server.name] = WatchedFile(path: path, fingerprint: nil) }
            }
        }
        self.active = Mutex(active)
        self.files = Mutex(files)
        self.audit = audit
        self.logger = logger
    }

    /// The compiled policy in force for `server`, or nil for a server that is not configured.
    public func policy(for server: String) -> CompiledPolicy? {
        active.withLock { $0[server]?.policy }
    }

    /// The policy in force for `server`, with where it came from.
    public func activePolicy(for server: String) -> ActivePolicy? {
        active.withLock { $0[server] }
    }

    /// The servers that have a policy slot (every configured, enabled server).
    public var servers: [String] {
        active.withLock { Array($0.keys) }.sorted()
    }

    /// Checks the policy files every `interval` of `clock` until the task is cancelled.
    public func watch(every interval: Duration = .seconds(1), clock: any Clock<Duration> = ContinuousClock()) async {
        while true {
            do {
                try await clock.sleep(for: interval)
            } catch {
                return
            }
            await reloadChangedFiles()
        }
    }

    /// Reloads every policy file whose fingerprint changed since it was last read; returns
    /// what happened to each.
    @discardableResult
    public func reloadChangedFiles() async -> [PolicyChange] {
        let changed: [(server: String, path: String)] = files.withLock { files in
            var changed: [(String, String)] = []
            for (server, watched) in files {
                let now = FileFingerprint.of(path: watched.path)
                guard now != watched.fingerprint else { continue }
                // Remember it at once: a rejected file is reported once, not every second.
                files[server]?.fingerprint = now
                changed.append((server, watched.path))
            }
            return changed
        }
        var changes: [PolicyChange] = []
        for (server, path) in changed.sorted(by: { $0.server < $1.server }) {
            changes.append(await reload(server: server, path: path))
        }
        return changes
    }

    /// Puts `document` in force for `server` at once (a policy set through the API).
    public func replace(server: String, document: PolicyDocument, source: PolicySource) async throws(PolicyReplaceError) {
        guard activePolicy(for: server) != nil else { throw .unknownServer(server) }
        let compiled: CompiledPolicy
        do {
            compiled = try CompiledPolicy(document)
        } catch {
            throw .invalid(error)
        }
        await activate(compiled, server: server, source: source, warnings: [])
    }

    /// The policy file the server's policy is read from (and watched), if it has one.
    public func policyFile(for server: String) -> String? {
        files.withLock { $0[server]?.path }
    }

    /// Takes the server's policy file as it is now as already read — for a writer that put a
    /// policy in force through ``replace(server:document:source:)`` and wrote the same policy to
    /// the file, so the watcher does not load it a second time as a file change.
    public func acceptCurrentFile(of server: String) {
        files.withLock { files in
            guard let path = files[server]?.path else { return }
            files[server]?.fingerprint = FileFingerprint.of(path: path)
        }
    }

    // MARK: Reloading

    private func reload(server: String, path: String) async -> PolicyChange {
        switch ConfigurationLoader.readPolicy(at: path) {
        case .success(let (loaded, warnings)):
            do {
                let compiled = try CompiledPolicy(loaded.document)
                await activate(compiled, server: server, source: .file(path), warnings: warnings)
                return PolicyChange(server: server, outcome: .reloaded, source: .file(path), problems: warnings)
            } catch {
                return await reject(server: server, path: path, problems: error.problems)
            }
        case .failure(.unreadable(let reason)):
            return await reject(server: server, path: path, problems: [PolicyProblem(at: .root, "cannot read the file: \(reason)")])
        case .failure(.invalid(let problems)):
            return await reject(server: server, path: path, problems: problems)
        }
    }

    private func activate(_ compiled: CompiledPolicy, server: String, source: PolicySource, warnings: [PolicyProblem]) async {
        active.withLock { $0[server] = ActivePolicy(policy: compiled, source: source, activatedAt: Date()) }
        logger.notice("policy reloaded", metadata: ["server": "\(server)", "source": "\(source)",
                                                     "rules": "\(compiled.document.tools.count)"])
        for warning in warnings {
            logger.warning("policy warning", metadata: ["server": "\(server)", "source": "\(source)", "problem": "\(warning)"])
        }
        await record(AuditEntry(kind: .policyReloaded, server: server, decision: "accepted", reason: "new policy from \(source)",
                                detail: ["source": .string(source.description), "rules": .int(Int64(compiled.document.tools.count))]))
    }

    private func reject(server: String, path: String, problems: [PolicyProblem]) async -> PolicyChange {
        let errors = problems.filter { $0.severity == .error }
        logger.error("policy rejected; the previous policy stays in force",
                     metadata: ["server": "\(server)", "file": "\(path)", "problems": "\(errors.count)"])
        for problem in errors {
            logger.error("\(path): \(problem)", metadata: ["server": "\(server)"])
        }
        await record(AuditEntry(
            kind: .policyRejected, server: server, decision: "rejected",
            reason: "invalid policy in \(path): \(errors.count) problem\(errors.count == 1 ? "" : "s"); the previous policy stays in force",
            detail: ["file": .string(path), "problems": .array(errors.map { .string($0.description) })]))
        return PolicyChange(server: server, outcome: .rejected, source: .file(path), problems: errors)
    }

    private func record(_ entry: AuditEntry) async {
        guard let audit else { return }
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("could not audit a policy change", metadata: ["server": "\(entry.server ?? "")", "error": "\(error)"])
        }
    }
}
