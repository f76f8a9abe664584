import JSON

/// The three kinds of record the demo CRM holds, named like Twenty CRM's objects so that the
/// public tool pages' policies (e.g. the `UpdateOneConnectedAccount` limit) apply unchanged.
public enum RecordKind: String, Sendable, CaseIterable {
    case person
    case company
    case connectedAccount

    /// `Person`, as in `createOnePerson`.
    var singular: String {
        switch self {
        case .person: return "Person"
        case .company: return "Company"
        case .connectedAccount: return "ConnectedAccount"
        }
    }

    /// `People`, as in `findManyPeople`.
    var plural: String {
        switch self {
        case .person: return "People"
        case .company: return "Companies"
        case .connectedAccount: return "ConnectedAccounts"
        }
    }

    /// The key a single record is returned under: `person`, `company`, `connectedAccount`.
    var resultKey: String { rawValue }

    /// The key a list is returned under: `people`, `companies`, `connectedAccounts`.
    var listKey: String {
        switch self {
        case .person: return "people"
        case .company: return "companies"
        case .connectedAccount: return "connectedAccounts"
        }
    }

    /// Words for tool descriptions.
    var noun: String {
        switch self {
        case .person: return "person"
        case .company: return "company"
        case .connectedAccount: return "connected account"
        }
    }

    var pluralNoun: String {
        switch self {
        case .person: return "people"
        case .company: return "companies"
        case .connectedAccount: return "connected accounts"
        }
    }

    /// The fields a record of this kind may carry, with their JSON Schema.
    var fields: JSONObject {
        switch self {
        case .person:
            return [
                "name": ["type": "object", "description": "The person's name", "properties": [
                    "firstName": ["type": "string"], "lastName": ["type": "string"]]],
                "emails": ["type": "object", "description": "The person's email addresses", "properties": [
                    "primaryEmail": ["type": "string"]]],
                "jobTitle": ["type": "string", "description": "The person's job title"],
                "city": ["type": "string", "description": "The city the person lives in"],
                "companyId": ["type": "string", "format": "uuid", "description": "The company the person works for"],
            ]
        case .company:
            return [
                "name": ["type": "string", "description": "The company's name"],
                "domainName": ["type": "string", "description": "The company's web domain"],
                "employees": ["type": "number", "description": "Number of employees"],
                "idealCustomerProfile": ["type": "boolean", "description": "Whether the company fits the ideal customer profile"],
            ]
        case .connectedAccount:
            return [
                "handle": ["type": "string", "description": "The account handle (email, username, phone number, etc.)"],
                "provider": ["type": "string", "description": "The account provider"],
                "accessToken": ["type": "string", "description": "Messaging provider access token"],
                "refreshToken": ["type": "string", "description": "Messaging provider refresh token"],
                "accountOwnerId": ["type": "string", "format": "uuid", "description": "The workspace member who owns the account"],
                "scopes": ["type": "array", "items": ["type": "string"], "description": "Scopes granted to the account"],
            ]
        }
    }

    /// The field `findMany…`'s `search` argument looks in.
    func searchText(of record: JSONObject) -> String {
        switch self {
        case .person:
            let name = record["name"]
            return [name?["firstName"]?.stringValue, name?["lastName"]?.stringValue,
                    record["emails"]?["primaryEmail"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        case .company:
            return [record["name"]?.stringValue, record["domainName"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        case .connectedAccount:
            return [record["handle"]?.stringValue, record["provider"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        }
    }
}
