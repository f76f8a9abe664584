import Testing
import Upstream

@Suite struct ChildEnvironmentTests {
    @Test func passesOnlyTheSafeVariablesOfTheParent() {
        let parent = ["PATH": "/bin", "HOME": "/root", "DATABASE_URL": "postgres://secret", "AWS_SECRET_ACCESS_KEY": "x"]
        let environment = ChildEnvironment(parent: parent, configured: [:])
        #expect(environment.variables == ["PATH": "/bin", "HOME": "/root"])
    }

    @Test func configuredVariablesWinOverInheritedOnes() {
        let environment = ChildEnvironment(parent: ["PATH": "/bin", "USER": "gate"], configured: ["PATH": "/opt/bin", "API_KEY": "k"])
        #expect(environment.entries == ["API_KEY=k", "PATH=/opt/bin", "USER=gate"])
    }

    @Test func resolvesABareCommandOnTheChildsPath() {
        let environment = ChildEnvironment(parent: [:], configured: ["PATH": "/nowhere:/usr/bin:/bin"])
        let found = environment.resolve(command: "sh") { $0 == "/usr/bin/sh" || $0 == "/bin/sh" }
        #expect(found == "/usr/bin/sh")
    }

    @Test func leavesACommandWithASlashAlone() {
        let environment = ChildEnvironment(parent: [:], configured: ["PATH": "/usr/bin"])
        #expect(environment.resolve(command: "./server") { _ in false } == "./server")
    }

    @Test func findsNothingForAnUnknownCommand() {
        let environment = ChildEnvironment(parent: ["PATH": "/usr/bin:/bin"], configured: [:])
        #expect(environment.resolve(command: "no-such-command-gatehouse") == nil)
    }
}
