import Testing
@testable import Gateway

/// Log levels order as MCP lists them (RFC 5424 severities, least severe first).
@Suite struct LoggingLevelTests {
    @Test func levelsOrderFromDebugToEmergency() {
        #expect(LoggingLevel.allCases.reversed().sorted() == [.debug, .info, .notice, .warning, .error, .critical, .alert, .emergency])
        #expect(LoggingLevel.warning >= .notice)
        #expect(!(LoggingLevel.info >= .warning))
    }
}
