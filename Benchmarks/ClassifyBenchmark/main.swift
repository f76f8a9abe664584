// bench-classify: how long classifying (and recommending for) a whole catalog takes.
//
//   scripts/bench-classify [catalog-dir] [passes]     (release build; default ../shared/catalog, 20)
//
// Loads the catalog once (file reading is not what we measure), then classifies every tool and
// builds every server's recommended policy, `passes` times, and prints the best and median pass,
// in wall-clock time and in CPU time (user + system, from getrusage: the work is single-threaded,
// so the two agree unless the machine is busy). The wild catalog's target: classifying its 17,380
// tools takes under 5 s of CPU.
//
//   scripts/bench-classify ../shared/wild-catalog 5
import BenchmarkSupport
import Catalog
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first ?? "../shared/catalog"
let passes = arguments.dropFirst().first.flatMap(Int.init) ?? 20

let loadStart = DispatchTime.now()
let catalog: Catalog
do {
    catalog = try Catalog.load(from: [directory])
} catch {
    FileHandle.standardError.write(Data("bench-classify: \(error)\n".utf8))
    exit(1)
}
let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart.uptimeNanoseconds) / 1e9
let toolCount = catalog.servers.reduce(0) { $0 + $1.tools.count }

/// Wall-clock and CPU seconds of `work` (BenchmarkSupport's clocks).
func measure(_ work: () -> Void) -> (wall: Double, cpu: Double) {
    let start = now()
    let cpuStart = cpuMicroseconds()
    work()
    return (Double(now() - start) / 1e9, (cpuMicroseconds() - cpuStart) / 1e6)
}

var classifyTimes: [(wall: Double, cpu: Double)] = []
var recommendTimes: [(wall: Double, cpu: Double)] = []
var checksum = 0
for _ in 0..<passes {
    classifyTimes.append(measure {
        for server in catalog.servers {
            checksum &+= Classifier.classifyAll(server).reduce(0) { $0 &+ $1.evidence.count }
        }
    })
    recommendTimes.append(measure {
        for server in catalog.servers {
            checksum &+= Recommender.serverPolicy(for: server).tools.count
        }
    })
}

func report(_ label: String, _ times: [(wall: Double, cpu: Double)]) {
    let wall = times.map(\.wall).sorted()
    let cpu = times.map(\.cpu).sorted()
    print(String(format: "%@: CPU best %.2f s, median %.2f s; wall best %.2f s, median %.2f s per pass over %d tools (%.1f µs CPU/tool)",
                 label, cpu[0], cpu[cpu.count / 2], wall[0], wall[wall.count / 2], toolCount, cpu[cpu.count / 2] / Double(toolCount) * 1e6))
}

print("catalog: \(directory): \(catalog.servers.count) servers, \(toolCount) tools, loaded in \(String(format: "%.1f", loadSeconds * 1000)) ms")
report("classify every tool", classifyTimes)
report("classify + recommend every server policy", recommendTimes)
print("(checksum \(checksum), \(passes) passes)")
