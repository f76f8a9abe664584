import Foundation

/// A digest of everything a site is generated from — the catalog files, the template and
/// attack-pattern folders, the `gatehouse` binary (its built-in templates and classifier), the
/// base URL and site name — so a run over unchanged input can stop before reading the catalog:
/// the output already holds that input's site. Stored in the output folder (``fileName``)
/// beside the list of files it wrote; a run whose digest matches, and whose listed files all
/// exist, renders nothing.
struct InputDigest: Equatable {
    static let fileName = ".gatehouse-input"
    /// Bumped when the generator's output changes for the same binary identity (never, in
    /// practice: the binary's identity is part of the digest).
    static let format = "site-1"

    let value: String

    init(configuration: SiteGenerator.Configuration) {
        var hash = FNV1a()
        hash.add(Self.format)
        hash.add(configuration.baseURL.value)
        hash.add(configuration.siteName)
        hash.add(Self.binaryIdentity())
        for folder in configuration.catalogDirectories { hash.addFolder(folder) }
        hash.addFolder(configuration.templatesDirectory)
        hash.addFolder(configuration.patternsDirectory)
        value = String(hash.value, radix: 16)
    }

    /// The running executable's path, size and modification time: a rebuilt binary (new
    /// templates, a new classifier) is new input, without reading its bytes.
    private static func binaryIdentity() -> String {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        return "\(path)|\(size)|\(modified)"
    }
}

/// FNV-1a, 64 bits: fast, and enough to tell changed input from unchanged (not a security hash).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        add(separator: true)
    }

    mutating func add(_ text: String) { add(text.utf8) }

    private mutating func add(separator: Bool) {
        value ^= 0xff
        value &*= 0x0000_0100_0000_01b3
    }

    /// Every file below the folder, in path order: its relative path and bytes.
    mutating func addFolder(_ folder: String) {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            add("missing:" + folder)
            return
        }
        var files: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url.path)
        }
        add(folder)
        for path in files.sorted() {
            add(path)
            if let data = FileManager.default.contents(atPath: path) { data.withUnsafeBytes { add($0) } }
        }
    }
}
