import Foundation

/// A digest of everything a site is generated from — the catalog files, the template and
/// attack-pattern folders, the `gatehouse` binary (its built-in templates and classifier), the
/// base URL and site name — so a run over unchanged input can stop before reading the catalog:
/// the output already holds that input's site. Stored in the output folder (``fileName``)
/// beside the list of files it wrote; a run whose digest matches, and whose listed files all
/// exist, renders nothing.
///
/// ``shared`` is the same digest without the catalog: what every page depends on, the start of
/// each page's own key (``PageRecord``) when the catalog changed.
struct InputDigest: Equatable {
    static let fileName = ".gatehouse-input"
    /// Bumped when the generator's output changes for the same binary identity (never, in
    /// practice: the binary's identity is part of the digest).
    static let format = "site-1"

    let value: String
    /// Templates, attack patterns, the binary, base URL and site name: everything but the catalog.
    let shared: String

    init(configuration: SiteGenerator.Configuration) {
        var hash = FNV1a()
        hash.add(Self.format)
        hash.add(configuration.baseURL.value)
        hash.add(configuration.siteName)
        hash.add(Self.binaryIdentity())
        hash.addFolder(configuration.templatesDirectory)
        hash.addFolder(configuration.patternsDirectory)
        shared = String(hash.value, radix: 16)
        for folder in configuration.catalogDirectories { hash.addFolder(folder) }
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
