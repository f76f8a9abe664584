/// Gives each heading cmark renders an `id` made from its text (`## Why it needs a policy` →
/// `id="why-it-needs-a-policy"`), unique within the page, so every section can be linked to.
///
/// Ids hold only `[a-z0-9-]`, whatever the heading says: letters and digits of the text,
/// lowercased, with every other run of characters as one `-`. A repeat gets `-2`, `-3`, …
struct HeadingAnchors {
    private var used: Set<String> = []

    /// Ids trusted HTML (a partial) already uses, so headings never take them.
    init(reserved: [String] = []) {
        used = Set(reserved)
    }

    mutating func addIDs(to html: String) -> String {
        String(decoding: addIDs(to: Array(html.utf8)), as: UTF8.self)
    }

    mutating func addIDs(to html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { bytes -> [UInt8] in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 256)
            var copied = 0
            var index = 0
            while let tag = ByteSearch.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index) {
                index = tag
                guard let level = headingOpenTag(in: bytes, at: index),
                      let close = closingTag(level: level, in: bytes, from: index + 4) else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                let id = uniqueID(slug(textOf: bytes[(index + 4)..<close]))
                out.append(contentsOf: "<h\(Character(UnicodeScalar(level))) id=\"\(id)\">".utf8)
                index += 4
                copied = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
            return out
        }
    }

    /// `<h1>`…`<h6>` exactly as cmark writes it (no attributes); the digit's byte.
    private func headingOpenTag(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
        guard index + 3 < bytes.count, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
              (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[index + 2]), bytes[index + 3] == UInt8(ascii: ">")
        else { return nil }
        return bytes[index + 2]
    }

    private func closingTag(level: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 5 <= bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "h"),
               bytes[index + 3] == level, bytes[index + 4] == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Letters and digits of the heading's text (tags skipped, entities dropped), lowercased.
    private func slug(textOf html: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        var slug: [UInt8] = []
        var inTag = false
        var inEntity = false
        var pendingDash = false
        for byte in html {
            switch byte {
            case UInt8(ascii: "<"): inTag = true
            case UInt8(ascii: ">") where inTag: inTag = false
            case UInt8(ascii: "&") where !inTag: inEntity = true; pendingDash = true
            case UInt8(ascii: ";") where inEntity: inEntity = false
            default:
                guard !inTag, !inEntity else { continue }
                let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
                if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower) {
                    if pendingDash, !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
                    pendingDash = false
                    slug.append(lower)
                } else {
                    pendingDash = true
                }
            }
            if slug.count >= 64 { break }
        }
        return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
    }

    private mutating func uniqueID(_ base: String) -> String {
        var candidate = base
        var number = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(number)"
            number += 1
        }
        used.insert(candidate)
        return candidate
    }
}
