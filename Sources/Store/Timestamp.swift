import Foundation

/// How stored times are written in JSON and tables: ISO 8601 UTC with milliseconds.
public enum Timestamp {
    /// `2026-11-30T10:00:00.123Z`.
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
