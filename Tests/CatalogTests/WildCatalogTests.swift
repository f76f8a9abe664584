import Foundation
import Catalog
import Testing

/// What must hold on every page of the wild catalog (17,380 tools nobody here wrote).
@Suite struct WildCatalogTests {
    /// No sentence of a rationale is on more than 5% of the tool pages: each quotes its own tool.
    @Test func noRationaleSentenceIsOnMoreThanOneToolPageInTwenty() {
        var pages: [String: Int] = [:]
        for (_, _, classification) in WildCatalog.classified {
            for sentence in Set(Self.sentences(classification.rationale)) { pages[sentence, default: 0] += 1 }
        }
        let limit = WildCatalog.classified.count / 20
        let common = pages.filter { $0.value > limit }
        #expect(common.isEmpty, "\(common.sorted { $0.value > $1.value }.prefix(5).map { "\($0.value): \($0.key)" })")
    }

    /// A description in Chinese, Japanese or Korean is judged from the rest and says so; it is never
    /// "does not say what it does" when its name does.
    @Test func definitionsInCJKLanguagesSayHowTheyWereJudged() {
        let cjk = WildCatalog.classified.filter { $0.classification.descriptionLanguage != nil }
        #expect(cjk.count > 500)
        for (server, tool, classification) in cjk {
            #expect(classification.rationale.contains("judged from its name, its input and any English"), "\(server.id)/\(tool.name)")
            if !ActionFindingsProbe.nameHasNoVerb(tool.name) {
                #expect(!classification.rationale.contains("says what it does"), "\(server.id)/\(tool.name)")
            }
        }
    }

    @Test func confidenceIsNotHighForMostToolsAnyMore() {
        let high = WildCatalog.classified.filter { $0.classification.confidence == .high }.count
        #expect(high * 2 < WildCatalog.classified.count, "\(high) of \(WildCatalog.classified.count) high")
    }

    /// Rationale sentences, split where a sentence ends and the next begins with a capital.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            if ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " ", characters[index + 2].isUppercase {
                result.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current.trimmingCharacters(in: .whitespaces)) }
        return result.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// Whether a tool name has a verb the classifier knows, seen from outside the module.
enum ActionFindingsProbe {
    static func nameHasNoVerb(_ name: String) -> Bool {
        Classifier.classify(CatalogTool(name: name)).evidence.allSatisfy { !$0.text.hasPrefix("tool name") }
    }
}
