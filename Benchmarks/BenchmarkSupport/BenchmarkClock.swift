import Foundation

// The two clocks every benchmark reads: wall time for latencies, the process's CPU time for
// "CPU per call". Free functions, so a benchmark's main reads like the arithmetic it does.

/// Monotonic wall-clock time in nanoseconds.
public func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time (user + system) this process has used, in microseconds.
public func cpuMicroseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func micros(_ time: timeval) -> Double { Double(time.tv_sec) * 1e6 + Double(time.tv_usec) }
    return micros(usage.ru_utime) + micros(usage.ru_stime)
}
