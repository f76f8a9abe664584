/// A question and its answer, shown on the page and in its schema.org `FAQPage` data.
struct FAQEntry: TemplateModel {
    var question: String
    var answer: String

    static let fields = TemplateFields<FAQEntry>(["question": .text { $0.question }, "answer": .text { $0.answer }])
}
