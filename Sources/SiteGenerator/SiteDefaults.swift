import Foundation

/// The site a fresh `gatehouse` builds without being told more: templates, attack patterns and
/// assets built into the binary (SwiftPM resources), or — like Hugo's project layouts — the
/// `templates/` and `content/attack-patterns/` of the folder it runs in, when they exist.
/// `gatehouse new site DIR` writes the built-in ones out for editing.
public enum SiteDefaults {
    /// Folder names inside the built-in resources and inside a site folder.
    static let templatesFolder = "templates"
    static let patternsFolder = "attack-patterns"
    /// Where a site folder keeps its attack patterns and its catalog.
    public static let localTemplates = "templates"
    public static let localPatterns = "content/attack-patterns"
    public static let localCatalog = "content"

    /// The built-in templates folder.
    public static func builtInTemplates() throws(SiteError) -> String {
        try builtIn(templatesFolder, what: "templates")
    }

    /// The built-in attack-pattern library.
    public static func builtInPatterns() throws(SiteError) -> String {
        try builtIn(patternsFolder, what: "attack patterns")
    }

    /// `explicit` when given; else `local` (relative to the working folder) when it is a folder;
    /// else nil, meaning the built-in one.
    public static func choose(_ explicit: String?, local: String) -> String? {
        if let explicit { return explicit }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory) && isDirectory.boolValue ? local : nil
    }

    /// Writes a new site folder: `templates/` and `content/attack-patterns/` copied from the
    /// built-in ones, and an empty catalog `content/servers/`. Refuses a folder that exists and
    /// is not empty. Returns the paths written, relative to `directory`.
    public static func writeNewSite(to directory: String) throws(SiteError) -> [String] {
        let manager = FileManager.default
        if let entries = try? manager.contentsOfDirectory(atPath: directory), !entries.isEmpty {
            throw .output(path: directory, message: "the folder exists and is not empty; choose a new folder")
        }
        let templates = try builtInTemplates()
        let patterns = try builtInPatterns()
        let targets = [(templates, localTemplates), (patterns, localPatterns)]
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (source, relative) in targets {
                let target = (directory as NSString).appendingPathComponent(relative)
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try manager.copyItem(atPath: source, toPath: target)
            }
            try manager.createDirectory(atPath: (directory as NSString).appendingPathComponent(localCatalog + "/servers"), withIntermediateDirectories: true)
        } catch {
            throw .output(path: directory, message: "cannot write the new site: \(error.localizedDescription)")
        }
        return [localTemplates + "/", localPatterns + "/", localCatalog + "/servers/"]
    }

    private static func builtIn(_ folder: String, what: String) throws(SiteError) -> String {
        guard let defaults = ResourceFolder.find(target: "SiteGenerator", folder: "Defaults") else {
            throw .output(path: "gatehouse_SiteGenerator.resources", message:
                "the built-in \(what) are missing: they ship in the folder gatehouse_SiteGenerator.resources beside the gatehouse binary; copy it with the binary, or pass --templates and --patterns")
        }
        return (defaults as NSString).appendingPathComponent(folder)
    }
}
