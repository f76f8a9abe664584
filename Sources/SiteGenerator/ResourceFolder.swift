import Foundation

/// Where a target's SwiftPM resources are at run time: the folder `<package>_<target>.resources`
/// that the build puts beside the binary, found from the binary itself — never from the working
/// folder, so `gatehouse` works from anywhere.
///
/// SwiftPM's own `Bundle.module` stops the process when the folder is missing (a binary copied
/// without it); this lookup returns nil instead, so the caller can say what is wrong.
public enum ResourceFolder {
    /// The folder `name` inside the target's resources (`Defaults`, `app`), or nil.
    public static func find(target: String, folder name: String) -> String? {
        let bundle = "gatehouse_\(target).resources"
        for directory in binaryDirectories() {
            let candidate = (directory as NSString).appendingPathComponent(bundle + "/" + name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// The folder of the running binary (a test runner's too), the link resolved.
    private static func binaryDirectories() -> [String] {
        var directories = [Bundle.main.bundleURL.path]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path {
            directories.append(executable)
        }
        // An XCTest bundle: the resources sit beside the `.xctest` folder.
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        return directories
    }
}
