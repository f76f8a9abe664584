import Foundation

/// FNV-1a, 64 bits: fast, and enough to tell changed input from unchanged (not a security hash).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        add(separator: true)
    }

    mutating func add(_ text: String) {
        var text = text
        // Over the contiguous bytes: iterating a `String.UTF8View` checks its form at every byte.
        text.withUTF8 { add($0) }
    }

    private mutating func add(separator: Bool) {
        value ^= 0xff
        value &*= 0x0000_0100_0000_01b3
    }

    /// Every file below the folder, in path order: its relative path and bytes.
    mutating func addFolder(_ folder: String) {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            add("missing:" + folder)
            return
        }
        var files: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url.path)
        }
        add(folder)
        for path in files.sorted() {
            add(path)
            if let data = FileManager.default.contents(atPath: path) { data.withUnsafeBytes { add($0) } }
        }
    }
}
