import Foundation

/// Runs a ``DemoServer`` over stdio: one JSON-RPC message per line on stdin, answers on stdout.
///
/// Reads with a blocking `readLine` (no polling); writes each answer with one unbuffered write,
/// so a proxy reading the pipe sees it at once. Returns when stdin closes.
public enum DemoServerLoop {
    public static func run() {
        var server = DemoServer()
        log("ready: \(DemoTool.all.count) tools (people, companies, connected accounts); reading JSON-RPC on stdin")
        while let line = readLine(strippingNewline: true) {
            let bytes = Array(line.utf8)
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            if let answer = server.handle(bytes) {
                FileHandle.standardOutput.write(Data(answer + [0x0A]))
            }
        }
        log("stdin closed; exiting")
    }

    private static func log(_ text: String) {
        FileHandle.standardError.write(Data("gatehouse demo-server: \(text)\n".utf8))
    }
}
