/// A link to a server's source from the catalog's `repository` (`owner/name`), only when it is
/// exactly that shape: third-party text never becomes a URL of its own choosing.
enum RepositoryURL {
    static func github(_ repository: String?) -> String? {
        guard let repository else { return nil }
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in
            !part.isEmpty && part.count <= 100 && part != "." && part != ".."
                && part.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
        }) else { return nil }
        return "https://github.com/\(repository)"
    }
}
