/// What every page may mention about the whole site: its name, address, totals and the attack
/// pattern library.
struct SiteFacts: Sendable {
    var name: String
    var baseURL: SiteURL
    var toolCount: Int
    var serverCount: Int
    var patterns: AttackPatternLibrary

    var toolCountText: String { Self.grouped(toolCount) }
    var serverCountText: String { Self.grouped(serverCount) }

    /// `100000` → `100,000`, the same on every machine (no locale).
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }
}
