import Foundation
import JSON

/// The demo server's records, held in memory: people, companies and connected accounts.
///
/// Seeded with a few records so that reads return something on the first call; the
/// connected accounts carry (fake) access and refresh tokens, the kind of secret a policy
/// keeps away from agents.
public struct CRM: Sendable {
    /// A refusal the tool reports to the agent as an `isError` result.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    private var tables: [RecordKind: [JSONObject]]
    private let clock: @Sendable () -> Date
    private var nextSerial = 1

    public init(seeded: Bool = true, clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
        tables = [.person: [], .company: [], .connectedAccount: []]
        if seeded { seed() }
    }

    public func records(_ kind: RecordKind) -> [JSONObject] {
        tables[kind] ?? []
    }

    /// Records whose name contains `search` (case-insensitive), at most `limit`.
    public func findMany(_ kind: RecordKind, search: String?, limit: Int) -> [JSONObject] {
        let all = records(kind)
        let matching = search.map { text in
            all.filter { kind.searchText(of: $0).range(of: text, options: .caseInsensitive) != nil }
        } ?? all
        return Array(matching.prefix(max(0, limit)))
    }

    public func findOne(_ kind: RecordKind, id: String) throws(Failure) -> JSONObject {
        guard let record = records(kind).first(where: { $0["id"]?.stringValue == id }) else {
            throw Failure("no \(kind.noun) has id \(id)")
        }
        return record
    }

    public mutating func create(_ kind: RecordKind, fields: JSONObject) throws(Failure) -> JSONObject {
        try check(fields, of: kind)
        let now = timestamp()
        var record: JSONObject = ["id": .string(newID())]
        record.merge(fields) { _, new in new }
        record["createdAt"] = .string(now)
        record["updatedAt"] = .string(now)
        tables[kind, default: []].append(record)
        return record
    }

    public mutating func update(_ kind: RecordKind, id: String, fields: JSONObject) throws(Failure) -> JSONObject {
        try check(fields, of: kind)
        guard let index = records(kind).firstIndex(where: { $0["id"]?.stringValue == id }) else {
            throw Failure("no \(kind.noun) has id \(id)")
        }
        var record = records(kind)[index]
        record.merge(fields) { _, new in new }
        record["updatedAt"] = .string(timestamp())
        tables[kind]![index] = record
        return record
    }

    public mutating func delete(_ kind: RecordKind, id: String) throws(Failure) -> JSONObject {
        guard let index = records(kind).firstIndex(where: { $0["id"]?.stringValue == id }) else {
            throw Failure("no \(kind.noun) has id \(id)")
        }
        return tables[kind]!.remove(at: index)
    }

    /// Only the kind's own fields, each of the JSON type its schema says.
    private func check(_ fields: JSONObject, of kind: RecordKind) throws(Failure) {
        let known = kind.fields
        for (key, value) in fields {
            guard let schema = known[key] else {
                let names = known.keys.joined(separator: ", ")
                throw Failure("a \(kind.noun) has no field '\(key)' (fields: \(names))")
            }
            let expected = schema["type"]?.stringValue ?? "string"
            guard Self.value(value, hasType: expected) else {
                throw Failure("field '\(key)' must be of type \(expected), found \(value.typeName)")
            }
        }
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array),
             ("number", .int), ("number", .double):
            return true
        default:
            return false
        }
    }

    private mutating func newID() -> String {
        defer { nextSerial += 1 }
        return String(format: "20202020-0000-4000-8000-%012d", 1000 + nextSerial)
    }

    private func timestamp() -> String {
        ISO8601DateFormatter().string(from: clock())
    }

    private mutating func seed() {
        let companies: [JSONObject] = [
            ["name": "Acme Anvils", "domainName": "acme.example", "employees": 120, "idealCustomerProfile": true],
            ["name": "Globex", "domainName": "globex.example", "employees": 4500, "idealCustomerProfile": false],
        ]
        var companyIDs: [String] = []
        for fields in companies {
            if let record = try? create(.company, fields: fields), let id = record["id"]?.stringValue {
                companyIDs.append(id)
            }
        }
        let people: [JSONObject] = [
            ["name": ["firstName": "Ada", "lastName": "Lovelace"], "emails": ["primaryEmail": "ada@acme.example"],
             "jobTitle": "Head of Engineering", "city": "London", "companyId": .string(companyIDs[0])],
            ["name": ["firstName": "Grace", "lastName": "Hopper"], "emails": ["primaryEmail": "grace@globex.example"],
             "jobTitle": "CTO", "city": "Arlington", "companyId": .string(companyIDs[1])],
            ["name": ["firstName": "Alan", "lastName": "Turing"], "emails": ["primaryEmail": "alan@acme.example"],
             "jobTitle": "Researcher", "city": "Manchester", "companyId": .string(companyIDs[0])],
        ]
        var personIDs: [String] = []
        for fields in people {
            if let record = try? create(.person, fields: fields), let id = record["id"]?.stringValue {
                personIDs.append(id)
            }
        }
        let accounts: [JSONObject] = [
            ["handle": "ada@acme.example", "provider": "google", "accessToken": "ya29.demo-access-token-ada",
             "refreshToken": "1//demo-refresh-token-ada", "accountOwnerId": .string(personIDs[0]),
             "scopes": ["gmail.readonly", "calendar"]],
            ["handle": "grace@globex.example", "provider": "microsoft", "accessToken": "EwB4A8l6BAAU.demo-access-token-grace",
             "refreshToken": "M.R3_BAY.demo-refresh-token-grace", "accountOwnerId": .string(personIDs[1]),
             "scopes": ["Mail.Read"]],
        ]
        for fields in accounts { _ = try? create(.connectedAccount, fields: fields) }
    }
}
