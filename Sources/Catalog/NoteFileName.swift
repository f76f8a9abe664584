/// How a tool's note file is named: `servers/<id>/<NoteFileName.for(tool)>`.
///
/// Tool names are third-party text and may hold characters no file system should see (`/`,
/// `:`, spaces, `..`). Letters, digits, `_`, `-` and `.` stay as they are; every other byte of
/// the UTF-8 name is written `%XX` (uppercase hex), and so is a leading `.`. The mapping is
/// one-to-one, so no two tools share a note: `UpdateOneConnectedAccount` →
/// `UpdateOneConnectedAccount.md`, `issues/create` → `issues%2Fcreate.md`.
public enum NoteFileName {
    public static let fileExtension = ".md"

    public static func `for`(tool name: String) -> String {
        var result = ""
        for (index, byte) in name.utf8.enumerated() {
            let isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D || (byte == 0x2E && index > 0)
            if isSafe {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result + fileExtension
    }

    /// Whether text is a safe single path segment: letters, digits, `.`, `_`, `-`, not `.` or
    /// `..` and not starting with `.` (server ids must be).
    public static func isSafePathSegment(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 200, !text.hasPrefix(".") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D || byte == 0x2E
        }
    }
}
