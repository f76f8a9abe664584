// bench-classify: how long classifying (and recommending for) a whole catalog takes.
//
//   scripts/bench-classify [catalog-dir] [passes]     (release build; default ../shared/catalog, 20)
//
// Loads the catalog once (file reading is not what we measure), then classifies every tool and
// builds every server's recommended policy, `passes` times, and prints the best and median pass.
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

func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now()
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

var classifyTimes: [Double] = []
var recommendTimes: [Double] = []
var checksum = 0
for _ in 0..<passes {
    classifyTimes.append(seconds {
        for server in catalog.servers {
            checksum &+= Classifier.classifyAll(server).reduce(0) { $0 &+ $1.evidence.count }
        }
    })
    recommendTimes.append(seconds {
        for server in catalog.servers {
            checksum &+= Recommender.serverPolicy(for: server).tools.count
        }
    })
}

func report(_ label: String, _ times: [Double]) {
    let sorted = times.sorted()
    let median = sorted[sorted.count / 2]
    print(String(format: "%@: best %.1f ms, median %.1f ms per pass over %d tools (%.1f µs/tool)",
                 label, sorted[0] * 1000, median * 1000, toolCount, median / Double(toolCount) * 1e6))
}

print("catalog: \(directory): \(catalog.servers.count) servers, \(toolCount) tools, loaded in \(String(format: "%.1f", loadSeconds * 1000)) ms")
report("classify every tool", classifyTimes)
report("classify + recommend every server policy", recommendTimes)
print("(checksum \(checksum), \(passes) passes)")
