import Testing
@testable import SiteGenerator

@Suite struct PathSegmentsTests {
    @Test func safeNamesKeepTheirExactSpelling() {
        #expect(PathSegments.unique(for: ["UpdateOneConnectedAccount", "list_issues", "pods-exec", "v1.get"])
            == ["UpdateOneConnectedAccount", "list_issues", "pods-exec", "v1.get"])
    }

    @Test func unsafeNamesKeepTheirSafeCharactersAndGetAHash() {
        let segments = PathSegments.unique(for: ["../../etc/passwd", "issues/create", "a b:c", ".hidden", "..", ""])
        #expect(segments[0].hasPrefix("etc-passwd-"))
        #expect(segments[1].hasPrefix("issues-create-"))
        #expect(segments[2].hasPrefix("a-b-c-"))
        #expect(segments[3].hasPrefix("hidden-"))
        #expect(segments[4].hasPrefix("tool-"))
        #expect(segments.allSatisfy(PathSegments.isSafe))
        #expect(Set(segments).count == segments.count)
    }

    @Test func caseInsensitiveClashesAreResolvedWhateverTheOrder() {
        let forward = PathSegments.unique(for: ["GetUser", "getuser"])
        let backward = PathSegments.unique(for: ["getuser", "GetUser"])
        #expect(forward[0].lowercased() != forward[1].lowercased())
        #expect(forward == Array(backward.reversed()))
    }

    @Test func aNameCopyingAnotherNamesHashedSegmentStillGetsItsOwn() {
        let hashed = PathSegments.unique(for: ["a b"])[0]
        let segments = PathSegments.unique(for: ["a b", hashed])
        #expect(Set(segments.map { $0.lowercased() }).count == 2)
    }

    @Test func windowsDeviceNamesAreNeverFolderNames() {
        #expect(PathSegments.unique(for: ["con"])[0] != "con")
        #expect(PathSegments.unique(for: ["NUL.txt"])[0].hasPrefix("NUL.txt-"))
    }

    @Test func longNamesAreCut() {
        let segment = PathSegments.unique(for: [String(repeating: "a", count: 500)])[0]
        #expect(segment.utf8.count <= 100)
    }
}
