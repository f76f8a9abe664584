/// Finds credentials inside text by their shape, whatever key they sit under: cloud and SaaS
/// keys (`AKIA…`, `ghp_…`, `xoxb-…`, `sk_live_…`), JWTs, passwords in URLs
/// (`postgres://u:pw@host`), secret-named parameters (`?access_token=…`, `password=…`),
/// `Bearer …` inside longer text, and 40-character AWS secret keys.
///
/// Every string argument of every audited call passes here (and every log line), so it is one
/// pass over the bytes with a table lookup per byte, allocating nothing when nothing is found.
/// Only the secret part of the text is replaced, so the rest stays readable (and usable by the
/// policy simulator).
public enum SecretScanner {
    /// What a secret found inside text is replaced with.
    public static let replacement = "[redacted]"

    /// `text` with every credential found replaced by ``replacement``, or nil when there is none.
    public static func redacting(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            let ranges = secretRanges(in: bytes)
            return ranges.isEmpty ? nil : replacing(ranges, in: bytes)
        }
    }

    /// `text`, with its credentials replaced when it has any.
    public static func redacted(_ text: String) -> String {
        redacting(text) ?? text
    }

    /// The byte ranges of the credentials in `bytes`, in order, not overlapping.
    static func secretRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        classes.withUnsafeBufferPointer { classes in
            var scan = Scan(bytes: bytes, classes: classes)
            return scan.run()
        }
    }

    private static func replacing(_ ranges: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in ranges {
            output.append(contentsOf: bytes[position..<range.lowerBound])
            output.append(contentsOf: replacement.utf8)
            position = range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Byte classes

    static let upper: UInt8 = 1
    static let lower: UInt8 = 2
    static let digit: UInt8 = 4
    /// `+` and `/`: base64 beyond the letters and digits.
    static let base64Extra: UInt8 = 8
    /// `-` and `_`: base64url beyond the letters and digits.
    static let urlExtra: UInt8 = 16
    /// A byte some pattern starts at.
    static let trigger: UInt8 = 32
    static let alphanumeric: UInt8 = upper | lower | digit

    static let classes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] |= upper }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] |= lower }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] |= digit }
        for byte in "+/".utf8 { table[Int(byte)] |= base64Extra }
        for byte in "-_".utf8 { table[Int(byte)] |= urlExtra }
        for byte in "AgxsreBb:=".utf8 { table[Int(byte)] |= trigger }
        return table
    }()
}

/// One pass over some text, collecting the ranges of the credentials it holds.
private struct Scan {
    let bytes: UnsafeBufferPointer<UInt8>
    let classes: UnsafeBufferPointer<UInt8>
    var found: [Range<Int>] = []

    typealias S = SecretScanner

    init(bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.classes = classes
    }

    func classOf(_ index: Int) -> UInt8 {
        classes[Int(bytes[index])]
    }

    func isAlphanumeric(_ index: Int) -> Bool {
        index >= 0 && index < bytes.count && classOf(index) & S.alphanumeric != 0
    }

    mutating func run() -> [Range<Int>] {
        let count = bytes.count
        let base64 = S.alphanumeric | S.base64Extra
        // The run of base64 bytes the scan is in (for AWS secret keys), -1 outside one, -2 in a
        // run that follows `-` or `_` (part of a longer token, never a key of its own).
        var runStart = -1
        var index = 0
        while index < count {
            let byteClass = classOf(index)
            // Letters start a pattern only at the start of a word: checked here, as base64
            // is full of them.
            if byteClass & S.trigger != 0, byteClass & S.alphanumeric == 0 || index == 0 || classOf(index - 1) & S.alphanumeric == 0 {
                matchPattern(at: index)
            }
            if byteClass & base64 != 0 {
                if runStart == -1 { runStart = index > 0 && classOf(index - 1) & S.urlExtra != 0 ? -2 : index }
            } else {
                if runStart >= 0 && index - runStart == 40 { matchAWSSecretKey(runStart..<index) }
                runStart = -1
            }
            index += 1
        }
        if runStart >= 0 && count - runStart == 40 { matchAWSSecretKey(runStart..<count) }
        return merged()
    }

    /// Sorted, with overlapping ranges joined.
    private func merged() -> [Range<Int>] {
        guard found.count > 1 else { return found }
        var result: [Range<Int>] = []
        for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    private mutating func matchPattern(at index: Int) {
        let byte = bytes[index]
        if byte == UInt8(ascii: ":") { return matchURLPassword(at: index) }
        if byte == UInt8(ascii: "=") { return matchNamedValue(at: index) }
        switch byte {
        case UInt8(ascii: "A"): matchAWSAccessKey(at: index)
        case UInt8(ascii: "g"): matchGitHubToken(at: index)
        case UInt8(ascii: "x"): matchSlackToken(at: index)
        case UInt8(ascii: "s"), UInt8(ascii: "r"): matchStripeKey(at: index)
        case UInt8(ascii: "e"): matchJWT(at: index)
        default: matchAuthorizationScheme(at: index)
        }
    }

    // MARK: Helpers

    func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<length where bytes[index + offset] != start[offset] { return false }
        return true
    }

    /// Whether `prefix` (lowercase ASCII) is at `index`, in any case.
    func hasPrefixIgnoringCase(_ prefix: StaticString, at index: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<length {
            let byte = bytes[index + offset]
            let folded = classes[Int(byte)] & S.upper != 0 ? byte | 0x20 : byte
            if folded != start[offset] { return false }
        }
        return true
    }

    /// Where the run of bytes of `allowed` classes (plus `extra`) starting at `index` ends.
    func runEnd(from index: Int, allowed: UInt8, extra: UInt8? = nil) -> Int {
        var end = index
        while end < bytes.count, classOf(end) & allowed != 0 || bytes[end] == extra { end += 1 }
        return end
    }

    mutating func add(_ range: Range<Int>) {
        if !range.isEmpty { found.append(range) }
    }

    // MARK: Prefixed tokens

    private static let awsPrefixes: [StaticString] = ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA"]

    /// An AWS access key id: a known four-letter prefix and 16 uppercase letters or digits.
    mutating func matchAWSAccessKey(at index: Int) {
        guard Self.awsPrefixes.contains(where: { hasPrefix($0, at: index) }) else { return }
        let end = runEnd(from: index + 4, allowed: S.upper | S.digit)
        if end - index == 20, !isAlphanumeric(end) { add(index..<end) }
    }

    /// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`) and Gatehouse's own (`gh_`).
    mutating func matchGitHubToken(at index: Int) {
        if hasPrefix("github_pat_", at: index) {
            let end = runEnd(from: index + 11, allowed: S.alphanumeric, extra: UInt8(ascii: "_"))
            if end - index >= 11 + 22 { add(index..<end) }
        } else if hasPrefix("gh_", at: index) {
            let end = runEnd(from: index + 3, allowed: S.alphanumeric | S.urlExtra)
            if end - index >= 3 + 40 { add(index..<end) }
        } else if hasPrefix("gh", at: index), index + 3 < bytes.count, "pousr".utf8.contains(bytes[index + 2]),
                  bytes[index + 3] == UInt8(ascii: "_") {
            let end = runEnd(from: index + 4, allowed: S.alphanumeric)
            if end - index >= 4 + 30 { add(index..<end) }
        }
    }

    /// Slack tokens: `xoxa-`, `xoxb-`, `xoxp-`, `xoxr-`, `xoxs-`, `xoxe-`, then at least 10 more.
    mutating func matchSlackToken(at index: Int) {
        guard hasPrefix("xox", at: index), index + 4 < bytes.count, "abprse".utf8.contains(bytes[index + 3]),
              bytes[index + 4] == UInt8(ascii: "-") else { return }
        let end = runEnd(from: index + 5, allowed: S.alphanumeric, extra: UInt8(ascii: "-"))
        if end - index >= 5 + 10 { add(index..<end) }
    }

    /// Stripe secret and restricted keys (`sk_live_`, `rk_live_`, and their `_test_` forms).
    /// Publishable keys (`pk_…`) are public by design and kept.
    mutating func matchStripeKey(at index: Int) {
        guard hasPrefix("k_live_", at: index + 1) || hasPrefix("k_test_", at: index + 1) else { return }
        let end = runEnd(from: index + 8, allowed: S.alphanumeric)
        if end - index >= 8 + 16 { add(index..<end) }
    }

    /// A JSON Web Token: `eyJ…` (a base64url JSON header), a payload and a signature, joined by two dots.
    mutating func matchJWT(at index: Int) {
        guard hasPrefix("eyJ", at: index) else { return }
        let url = S.alphanumeric | S.urlExtra
        let headerEnd = runEnd(from: index, allowed: url)
        guard headerEnd - index >= 10, headerEnd < bytes.count, bytes[headerEnd] == UInt8(ascii: ".") else { return }
        let payloadEnd = runEnd(from: headerEnd + 1, allowed: url)
        guard payloadEnd - headerEnd > 4, payloadEnd < bytes.count, bytes[payloadEnd] == UInt8(ascii: ".") else { return }
        let end = runEnd(from: payloadEnd + 1, allowed: url)
        guard end == bytes.count || bytes[end] != UInt8(ascii: ".") else { return }
        add(index..<end)
    }

    /// The credential after `Bearer ` or `Basic ` in longer text (an HTTP header quoted in a
    /// command, say). Plain words (`Basic authentication`) are not credentials.
    mutating func matchAuthorizationScheme(at index: Int) {
        let start: Int
        if hasPrefixIgnoringCase("bearer ", at: index) {
            start = index + 7
        } else if hasPrefixIgnoringCase("basic ", at: index) {
            start = index + 6
        } else {
            return
        }
        var end = start
        while end < bytes.count, classOf(end) & (S.alphanumeric | S.base64Extra | S.urlExtra) != 0
                || bytes[end] == UInt8(ascii: "=") || bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: "~") {
            end += 1
        }
        guard end - start >= 8, !isPlainWord(start..<end) else { return }
        add(start..<end)
    }

    /// Letters only, lowercase after the first: a word of prose rather than a credential.
    func isPlainWord(_ range: Range<Int>) -> Bool {
        for index in range {
            let byteClass = classOf(index)
            if byteClass & S.lower != 0 { continue }
            if byteClass & S.upper != 0 && index == range.lowerBound { continue }
            return false
        }
        return true
    }

    // MARK: Unprefixed shapes

    /// An AWS secret access key: exactly 40 base64 characters mixing upper case, lower case
    /// and digits, changing class often (hex digests, which never mix cases, and camelCase
    /// names, which change class only at word starts, are kept).
    mutating func matchAWSSecretKey(_ run: Range<Int>) {
        let (index, end) = (run.lowerBound, run.upperBound)
        if end < bytes.count, classOf(end) & S.urlExtra != 0 || bytes[end] == UInt8(ascii: "=") { return }
        var seen: UInt8 = 0
        var changes = 0
        var previous: UInt8 = 0
        for position in index..<end {
            let byteClass = classOf(position) & (S.alphanumeric | S.base64Extra)
            seen |= byteClass
            if position > index && byteClass != previous { changes += 1 }
            previous = byteClass
        }
        if seen & S.alphanumeric == S.alphanumeric && changes >= 14 { add(index..<end) }
    }

    /// The password of a URL's user information: `scheme://user:password@host`.
    mutating func matchURLPassword(at index: Int) {
        guard index > 0, classOf(index - 1) & (S.upper | S.lower) != 0, hasPrefix("://", at: index) else { return }
        let start = index + 3
        var end = start
        var at: Int?
        while end < bytes.count, !Self.endsAuthority(bytes[end]) {
            if bytes[end] == UInt8(ascii: "@") { at = end }
            end += 1
        }
        guard let at, let colon = bytes[start..<at].firstIndex(of: UInt8(ascii: ":")) else { return }
        add((colon + 1)..<at)
    }

    /// Bytes that cannot be part of a URL's authority (or end the text that holds it).
    static func endsAuthority(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "`"):
            return true
        default:
            return byte < 0x21
        }
    }

    /// `name=value` where the name looks secret (``ArgumentRedactor/isSecretKey(_:)``): query
    /// strings (`?access_token=…&sig=…`), connection strings (`host=db password=…`,
    /// `Pwd=…;`), command lines (`--password=…`) and environment lines (`GITHUB_TOKEN=…`).
    mutating func matchNamedValue(at index: Int) {
        var nameStart = index
        while nameStart > 0, index - nameStart < 64, Self.isNameByte(bytes[nameStart - 1], classes[Int(bytes[nameStart - 1])]) {
            nameStart -= 1
        }
        guard nameStart < index, nameStart == 0 || Self.startsName(bytes[nameStart - 1]),
              classOf(nameStart) & (S.upper | S.lower | S.urlExtra) != 0 else { return }
        var end = index + 1
        while end < bytes.count, !Self.endsValue(bytes[end]) { end += 1 }
        guard end > index + 1 else { return }
        if ArgumentRedactor.isSecretKey(utf8: UnsafeBufferPointer(rebasing: bytes[nameStart..<index])) { add((index + 1)..<end) }
    }

    static func isNameByte(_ byte: UInt8, _ byteClass: UInt8) -> Bool {
        byteClass & (SecretScanner.alphanumeric | SecretScanner.urlExtra) != 0 || byte == UInt8(ascii: ".")
    }

    /// What may come before a parameter's name.
    static func startsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("):
            return true
        default:
            return false
        }
    }

    /// What ends a parameter's value.
    static func endsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'"),
             UInt8(ascii: ","), UInt8(ascii: ")"):
            return true
        default:
            return byte < 0x20
        }
    }
}
