/// Text made safe for HTML and XML content and quoted attribute values: the one escaper the
/// HTML templates (``HTMLContentType``) and the sitemap share. It escapes `& < > " '` exactly as
/// Mustache's own HTML type does (`'` as `&#39;`, which XML reads as `&apos;`), but over UTF-8
/// bytes, so that escaping is not what 100,000 pages wait for.
enum MarkupEscaper {
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        // Most text holds none of the five; it is used as it is.
        guard utf8.withContiguousStorageIfAvailable({ $0.contains(where: needsEscape) }) ?? utf8.contains(where: needsEscape) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
            case UInt8(ascii: "<"): out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
            case UInt8(ascii: ">"): out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
            case UInt8(ascii: "\""): out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
            case UInt8(ascii: "'"): out += [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }
}
