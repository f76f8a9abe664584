import Foundation
import JSON
import Testing
@testable import Store

/// What Gatehouse keeps is private to the user running it, and its argument digests are keyed
/// per installation.
@Suite struct PrivateStateTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    /// A data folder path that does not exist yet, under a fresh temporary folder.
    static func freshDataFolder() -> String {
        temporaryDirectory() + "/state/data"
    }

    @Test func theDataFolderIsCreated0700AndItsStateFiles0600() async throws {
        let folder = Self.freshDataFolder()
        let stores = try StateStores.open(.sqlite(directory: folder))
        _ = try await stores.audit.append([AuditEntry(kind: .sessionOpened, grant: "g")])
        let spool = AuditSpool(directory: folder, replica: "r")
        try spool.append(rows: [AuditEntry(kind: .sessionOpened, grant: "g")], completions: [])
        #expect(try Self.mode(folder) == 0o700)
        for file in ["gatehouse.sqlite", "gatehouse.sqlite-wal", "gatehouse.sqlite-shm", "argument-digest.key", "audit-spool-r.jsonl"] {
            #expect(try Self.mode(folder + "/" + file) == 0o600, "\(file)")
        }
        #expect(PrivateFiles.widerFolderWarning(folder) == nil)
    }

    @Test func stateFilesLeftWiderByAnEarlierVersionAreNarrowed() throws {
        let folder = temporaryDirectory()
        for file in ["gatehouse.sqlite", "gatehouse.sqlite-wal", "argument-digest.key"] {
            let path = folder + "/" + file
            #expect(FileManager.default.createFile(atPath: path, contents: file.hasSuffix(".key") ? Data((ArgumentDigestKey.random().hex + "\n").utf8) : nil))
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        }
        let stores = try StateStores.open(.sqlite(directory: folder))
        for file in ["gatehouse.sqlite", "gatehouse.sqlite-wal", "argument-digest.key"] {
            #expect(try Self.mode(folder + "/" + file) == 0o600, "\(file)")
        }
        withExtendedLifetime(stores) {}
    }

    @Test func anExistingFolderOthersCanReadIsLeftAsItIsButWarnedAbout() throws {
        let folder = temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        _ = try StateStores.open(.sqlite(directory: folder))
        #expect(try Self.mode(folder) == 0o755)
        let warning = try #require(PrivateFiles.widerFolderWarning(folder))
        #expect(warning.contains("755") && warning.contains("chmod 700"))
    }

    @Test(arguments: StoreKind.available.filter { $0 != .memory })
    func everyOpeningOfOneInstallationDigestsAlike(kind: StoreKind) async throws {
        let location: StoreLocation = kind == .sqlite
            ? .sqlite(directory: Self.freshDataFolder()) : .postgres(url: try #require(StoreKind.postgresURL))
        let arguments: JSONValue = ["query": "select 1"]
        let first = try await StateStores.withOpen(location) { stores in stores.digester.digest(arguments) }
        let second = try await StateStores.withOpen(location) { stores in stores.digester.digest(arguments) }
        #expect(first != nil)
        #expect(first == second, "replicas and restarts must agree, or digests stop being comparable")
        let elsewhere = try await StateStores.withOpen(.sqlite(directory: Self.freshDataFolder())) { stores in stores.digester.digest(arguments) }
        #expect(elsewhere != first, "another installation, another key")
    }

    @Test func aDamagedKeyFileStopsTheStoreRatherThanStartingDigestsAfresh() throws {
        let folder = temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: folder + "/argument-digest.key", contents: Data("not hex\n".utf8)))
        #expect(throws: StoreError.self) { try StateStores.open(.sqlite(directory: folder)) }
    }
}
