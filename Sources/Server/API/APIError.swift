import HTTPTypes
import Hummingbird
import JSON
import Policy

/// Why an `/api/*` request was refused: an HTTP status, a sentence for people, and sometimes
/// details (a policy's problems, each with its JSON pointer).
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var extra: JSONObject = [:]

    var response: Response { JSONResponse.problem(status, message, extra: extra) }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, message: message)
    }

    /// 422: the request was well formed but the policy in it has errors.
    static func invalidPolicy(_ problems: [PolicyProblem]) -> APIError {
        let errors = problems.filter { $0.severity == .error }.count
        return APIError(
            status: .unprocessableContent, message: "the policy has \(errors) error\(errors == 1 ? "" : "s"); nothing was changed",
            extra: ["problems": .array(problems.map(\.json))])
    }

    /// 503: state the answer needs cannot be read or written (fail closed, say why).
    static func unavailable(_ what: String, _ error: any Error) -> APIError {
        APIError(status: .serviceUnavailable, message: "\(what): \(error)")
    }
}
