import Importer
import Testing

@Suite struct CommandLineWordsTests {
    @Test func splitsOnWhitespace() throws {
        #expect(try CommandLineWords.split("  uvx  mcp-server-time\t--local-timezone UTC ") == ["uvx", "mcp-server-time", "--local-timezone", "UTC"])
    }

    @Test func keepsQuotedTextTogether() throws {
        #expect(try CommandLineWords.split(#"server --name 'two words' --greeting "say \"hi\" \\ $HOME""#) == [
            "server", "--name", "two words", "--greeting", #"say "hi" \ $HOME"#,
        ])
    }

    @Test func takesSingleQuotedTextLiterally() throws {
        #expect(try CommandLineWords.split(#"echo 'a\b "c"'"#) == ["echo", #"a\b "c""#])
    }

    @Test func keepsABackslashBeforeAnOrdinaryCharacterInDoubleQuotes() throws {
        #expect(try CommandLineWords.split(#"echo "C:\path""#) == ["echo", #"C:\path"#])
    }

    @Test func escapesOutsideQuotes() throws {
        #expect(try CommandLineWords.split(#"cat my\ file"#) == ["cat", "my file"])
    }

    @Test func keepsAnEmptyQuotedWord() throws {
        #expect(try CommandLineWords.split(#"server '' x"#) == ["server", "", "x"])
    }

    @Test func refusesUnterminatedQuotesAndNothing() {
        #expect(throws: CommandLineWords.SplitError.self) { try CommandLineWords.split("server 'open") }
        #expect(throws: CommandLineWords.SplitError.self) { try CommandLineWords.split(#"server "open"#) }
        #expect(throws: CommandLineWords.SplitError(message: "no command given")) { try CommandLineWords.split("   ") }
    }
}
