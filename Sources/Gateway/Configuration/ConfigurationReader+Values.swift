import Foundation
import JSON
import Policy

/// The values every section reads: unknown fields, non-empty strings, whole numbers, maps of
/// strings with `${VAR}` expanded, web URLs and paths.
extension ConfigurationReader {
    mutating func unknownField(_ key: String, at pointer: JSONPointer, allowed: [String]) {
        var hint = DidYouMean.hint(for: key, among: allowed)
        if hint.isEmpty, key.lowercased().contains("server") { hint = " (did you mean 'mcpServers'?)" }
        error(pointer, "unknown field '\(key)'\(hint)")
    }

    mutating func reportUnknown(_ members: JSONObject, allowed: [String], at pointer: JSONPointer) {
        for (key, _) in members where !allowed.contains(key) {
            unknownField(key, at: pointer.appending(key), allowed: allowed)
        }
    }

    /// A string with something in it.
    mutating func nonEmptyString(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard let text = string(json, at: pointer) else { return nil }
        if text.isEmpty {
            error(pointer, "must not be empty")
            return nil
        }
        return text
    }

    /// Sets `setting` from `members[key]` when present and a whole number of at least 1.
    mutating func readPositive(_ members: JSONObject, _ key: String, at pointer: JSONPointer, into setting: inout Int) {
        if let value = members[key], let number = positiveInt(value, at: pointer.appending(key)) { setting = number }
    }

    mutating func positiveInt(_ json: JSONValue, at pointer: JSONPointer) -> Int? {
        guard let value = json.intValue, value >= 1, value <= Int64(Int32.max) else {
            error(pointer, "must be a whole number of at least 1, found \(json.numberValue != nil ? json.description : json.typeName)")
            return nil
        }
        return Int(value)
    }

    /// An object of strings (`env`, `headers`), with `${VAR}` expanded in the values.
    mutating func stringMap(_ json: JSONValue, at pointer: JSONPointer, expanding: Bool) -> [String: String]? {
        guard let members = object(json, at: pointer, what: "strings by name") else { return nil }
        var map: [String: String] = [:]
        var complete = true
        for (key, value) in members {
            guard let raw = string(value, at: pointer.appending(key)),
                  let text = expanding ? expand(raw, at: pointer.appending(key)) : raw else {
                complete = false
                continue
            }
            map[key] = text
        }
        return complete ? map : nil
    }

    mutating func expand(_ text: String, at pointer: JSONPointer) -> String? {
        switch expander.expand(text) {
        case .success(let expanded): return expanded
        case .failure(let problem):
            error(pointer, problem.description)
            return nil
        }
    }

    mutating func webURL(_ text: String, at pointer: JSONPointer) -> URL? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), components.host?.isEmpty == false, let url = components.url else {
            error(pointer, "must be an http:// or https:// URL")
            return nil
        }
        return url
    }

    /// Relative to the configuration's folder; `~/` from `$HOME`.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home { return (home as NSString).appendingPathComponent(String(path.dropFirst(2))) }
        return directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }
}
