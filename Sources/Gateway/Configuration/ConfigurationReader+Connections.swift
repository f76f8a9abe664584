import JSON

extension ConfigurationReader {
    /// Host names for the `Host` check: `"*"`, or a name or address without scheme, port or path.
    mutating func readHosts(_ json: JSONValue, at pointer: JSONPointer) -> [String] {
        guard let hosts = stringArray(json, at: pointer) else { return [] }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        for (index, host) in hosts.enumerated() where host != "*" {
            let isIPv6 = host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2
                && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
            if host.isEmpty || !(isIPv6 || host.allSatisfy(allowed.contains)) {
                error(pointer.appending(index), "'\(host)' is not a host name: write the name clients use, without scheme, port or path (e.g. gatehouse.example.com), or \"*\" to accept any")
            }
        }
        return hosts
    }

    /// Sets `setting` from `members[key]` when present and a number of seconds above 0 (fractions allowed).
    mutating func readSeconds(_ members: JSONObject, _ key: String, at pointer: JSONPointer, into setting: inout Double) {
        guard let value = members[key] else { return }
        guard let seconds = value.numberValue, seconds > 0, seconds <= Double(Int32.max) else {
            error(pointer.appending(key), "must be a number of seconds above 0, found \(value.numberValue != nil ? value.description : value.typeName)")
            return
        }
        setting = seconds
    }
}
