/// Catalog server ids: safe path segments (`[A-Za-z0-9._-]`, not starting with `.`).
public enum ServerID {
    /// The longest id a slug produces.
    public static let maximumSlugLength = 64

    /// A safe id from a server's self-reported name (third-party text): lowercased, runs of
    /// anything outside `[a-z0-9._]` become one `-`, no leading `.`/`-`, at most 64 bytes.
    /// `"Acme CRM (beta)"` → `"acme-crm-beta"`; a name with nothing usable → `"server"`.
    public static func slug(from name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            let isKept = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "_"
            if isKept {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        slug = String(slug.drop { $0 == "." || $0 == "-" }.prefix(maximumSlugLength))
        while slug.hasSuffix("-") || slug.hasSuffix(".") { slug.removeLast() }
        return slug.isEmpty ? "server" : slug
    }

    /// Whether `id` may name a server file.
    public static func isValid(_ id: String) -> Bool {
        NoteFileName.isSafePathSegment(id)
    }
}
