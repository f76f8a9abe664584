/// Which CJK language a description is mostly written in, if any: such a definition is judged
/// from its name, its input and whatever English it has, and its page says so.
enum DescriptionLanguage {
    /// "Chinese", "Japanese" or "Korean" when at least a fifth of the description's letters (and
    /// four or more) are of that script; nil otherwise.
    static func of(_ text: String) -> String? {
        var letters = 0, han = 0, kana = 0, hangul = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: letters += 1
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: kana += 1; letters += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: hangul += 1; letters += 1
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: han += 1; letters += 1
            default:
                if scalar.value > 0x7F, scalar.properties.isAlphabetic { letters += 1 }
            }
        }
        let cjk = han + kana + hangul
        guard cjk >= 4, cjk * 5 >= letters else { return nil }
        if hangul * 2 >= cjk { return "Korean" }
        if kana > 0, kana * 5 >= cjk { return "Japanese" }
        return "Chinese"
    }
}
