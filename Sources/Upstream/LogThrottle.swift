/// Keeps a repeated warning from flooding the log: the first five occurrences, then only the
/// 10th, 100th, 1000th... (a server printing garbage in a loop logs a handful of lines, with counts).
enum LogThrottle {
    static func shouldLog(occurrence count: Int) -> Bool {
        guard count > 5 else { return count > 0 }
        var power = 10
        while power < count { power *= 10 }
        return power == count
    }
}
