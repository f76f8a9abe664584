import Foundation
import JSON

/// Limits (`{"counter", "window", "max", "scope"}`, on a rule, in `limits` or in
/// `all_tools.limits`) and the `rate_limit` shorthand.
extension CheckContext {
    mutating func readLimits(_ json: JSONValue, at pointer: JSONPointer) -> [Limit] {
        guard let elements = array(json, at: pointer, of: "limits") else { return [] }
        return elements.enumerated().compactMap { index, element in
            readLimit(element, at: pointer.appending(index))
        }
    }

    mutating func readLimit(_ json: JSONValue, at pointer: JSONPointer) -> Limit? {
        guard let members = object(json, at: pointer, what: "a limit, e.g. {\"counter\": \"writes\", \"window\": \"minute\", \"max\": 30, \"scope\": \"grant\"}") else { return nil }
        reportUnknownFields(members, allowed: Self.limitFields, at: pointer)

        var counter: String?
        switch members["counter"] {
        case nil: error(pointer, "missing required field 'counter' (a name; limits naming the same counter share one budget)")
        case .string(let name) where !name.trimmingCharacters(in: .whitespaces).isEmpty: counter = name
        case let other?: error(pointer.appending("counter"), "must be a non-empty string, found \(other.shortDescription)")
        }

        let window = requiredWindow(members, at: pointer)
        var incrementFrom: ArgumentPath?
        if let value = members["increment_from"] {
            incrementFrom = path(value, at: pointer.appending("increment_from"))
        }
        let max = requiredMax(members, wholeNumber: members["increment_from"] == nil, at: pointer)
        var scope = LimitScope.grant
        if let value = members["scope"] {
            scope = enumValue(value, at: pointer.appending("scope"), as: LimitScope.self) ?? .grant
        }
        var align = WindowAlignment.rolling
        if let value = members["align"] {
            align = enumValue(value, at: pointer.appending("align"), as: WindowAlignment.self) ?? .rolling
        }
        guard let counter, let window, let max else { return nil }
        if members["increment_from"] != nil && incrementFrom == nil { return nil }
        return Limit(counter: counter, window: window, max: max, scope: scope, incrementFrom: incrementFrom,
                     align: align, scopeIsExplicit: members["scope"] != nil)
    }

    mutating func readRateLimit(_ json: JSONValue, at pointer: JSONPointer) -> RateLimitShorthand? {
        guard let members = object(json, at: pointer, what: "e.g. {\"max\": 10, \"window\": 60}") else { return nil }
        reportUnknownFields(members, allowed: Self.rateLimitFields, at: pointer)
        let window = requiredWindow(members, at: pointer)
        let max = requiredMax(members, wholeNumber: true, at: pointer)
        var scope = LimitScope.grant
        if let value = members["scope"] {
            scope = enumValue(value, at: pointer.appending("scope"), as: LimitScope.self) ?? .grant
        }
        guard let window, let max else { return nil }
        return RateLimitShorthand(max: max, window: window, scope: scope, scopeIsExplicit: members["scope"] != nil)
    }

    mutating func requiredWindow(_ members: JSONObject, at pointer: JSONPointer) -> Window? {
        let names = Window.namedUnits.map(\.name)
        guard let value = members["window"] else {
            error(pointer, "missing required field 'window' (seconds, or one of \(names.joined(separator: ", ")))")
            return nil
        }
        let windowPointer = pointer.appending("window")
        switch value {
        case .string(let name):
            if let window = Window.named(name) { return window }
            error(windowPointer, "unknown window \"\(name)\"; use a number of seconds or one of \(names.joined(separator: ", "))\(DidYouMean.hint(for: name, among: names))")
        case .int, .double:
            if let seconds = value.numberValue, seconds > 0, seconds.isFinite { return Window(seconds: seconds) }
            error(windowPointer, "must be a positive number of seconds, found \(value.shortDescription)")
        default:
            error(windowPointer, "must be a number of seconds or one of \(names.joined(separator: ", ")), found \(value.typeName)")
        }
        return nil
    }

    mutating func requiredMax(_ members: JSONObject, wholeNumber: Bool, at pointer: JSONPointer) -> Double? {
        guard let value = members["max"] else {
            error(pointer, "missing required field 'max' (how many calls a window admits)")
            return nil
        }
        let maxPointer = pointer.appending("max")
        guard let number = value.numberValue else {
            error(maxPointer, "must be a number, found \(value.typeName)")
            return nil
        }
        if wholeNumber {
            guard value.intValue != nil, number >= 1 else {
                error(maxPointer, "must be a whole number of calls, at least 1, found \(value.shortDescription) (to block a tool use \"action\": \"deny\")")
                return nil
            }
        } else if number <= 0 {
            error(maxPointer, "must be a positive amount, found \(value.shortDescription)")
            return nil
        }
        return number
    }
}
