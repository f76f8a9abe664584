/// One kind of data a tool touches, with the facts that show it.
struct SensitivityFinding: Sendable, Equatable {
    var sensitivity: Sensitivity
    var evidence: [Evidence]
}

/// Finds what kind of data a tool touches, from the words of its name, the names (and some
/// descriptions) of its input properties, and phrases in its description.
///
/// Each sensitivity has strong words, which count wherever they appear in the name or the
/// input, and weak words ("node", "branch", "subscription"), which count only when a strong word
/// of the same kind is also there — a knowledge-graph node is not infrastructure, a Kubernetes
/// node is. Properties that only point at another record (`personId`) are not data of that kind.
enum SensitivityDetector {
    struct Words: Sendable {
        /// Single words in names and property names.
        var strong: Set<String>
        var weak: Set<String> = []
        /// Two-word names (`api key`, `first name`) in names and property names.
        var pairs: Set<String> = []
        /// Whole-word phrases in the description.
        var phrases: PhraseList = []
        /// Words in property descriptions (e.g. a `handle` "(email, username, phone number)").
        var propertyDescriptionWords: Set<String> = []
        /// Words that count only in the tool's own name (a `key` property is usually not a secret).
        var nameOnly: Set<String> = []
        /// Whether property names count (a `message` property is usually a commit message).
        var matchesPropertyNames = true
    }

    static let table: [(Sensitivity, Words)] = [
        (.credentials, Words(
            strong: ["token", "tokens", "password", "passwords", "passwd", "passphrase", "secret", "secrets", "credential",
                     "credentials", "apikey", "oauth", "jwt", "bearer", "kubeconfig", "privatekey", "otp", "totp", "mfa",
                     "cookie", "cookies", "certificate", "certificates"],
            pairs: ["api key", "api keys", "access key", "access keys", "secret key", "private key", "signing key", "ssh key",
                    "deploy key", "publishable key", "publishable keys", "anon key", "anon keys", "client secret",
                    "connected account", "connected accounts", "linked account", "linked accounts"],
            phrases: ["access token", "refresh token", "api key", "api keys", "secret", "secrets", "password", "passwords",
                      "private key", "environment variables", "environment variable", "kubeconfig", "bearer token"],
            propertyDescriptionWords: ["password", "secret", "token"],
            nameOnly: ["key", "keys", "env"])),
        (.personalData, Words(
            strong: ["person", "people", "persons", "customer", "customers", "contact", "contacts", "email", "emails",
                     "phone", "phones", "birthday", "birthdate", "dob", "ssn", "passport", "gender", "profile", "profiles",
                     "employee", "employees", "patient", "patients", "participant", "participants", "user", "users",
                     "username", "usernames", "member", "members", "collaborator", "collaborators"],
            pairs: ["first name", "last name", "full name", "display name", "real name", "home address", "street address",
                    "date of birth"],
            phrases: ["email address", "email addresses", "phone number", "phone numbers", "real name", "personal",
                      "profile", "profile information", "date of birth", "home address"],
            propertyDescriptionWords: ["email", "phone"])),
        (.financial, Words(
            strong: ["payment", "payments", "invoice", "invoices", "refund", "refunds", "payout", "payouts", "charge", "charges",
                     "price", "prices", "pricing", "currency", "coupon", "coupons", "discount", "discounts", "dispute",
                     "disputes", "transaction", "transactions", "wallet", "wallets", "bank", "iban", "billing", "revenue",
                     "salary", "payroll", "amount", "money", "balance", "fee", "fees"],
            weak: ["subscription", "subscriptions", "cost", "costs", "plan", "plans", "order", "orders", "quantity"],
            phrases: ["payment", "payments", "invoice", "invoices", "refund", "refunds", "billing", "money", "bank account",
                      "credit card", "currency"])),
        (.infrastructure, Words(
            strong: ["kubernetes", "k8s", "cluster", "clusters", "pod", "pods", "namespace", "namespaces", "container",
                     "containers", "kubelet", "helm", "istio", "database", "databases", "postgres", "postgresql", "mysql",
                     "sql", "migration", "migrations", "ddl", "bucket", "buckets", "vm", "vms", "virtualmachine", "deployment",
                     "deployments", "ingress", "dns", "docker", "terraform", "infrastructure", "kubeconfig", "production"],
            weak: ["node", "nodes", "instance", "instances", "region", "regions", "storage", "service", "services", "network",
                   "networks", "image", "images", "function", "functions", "server", "servers", "host", "hosts", "port",
                   "ports", "pipeline", "pipelines", "workload", "workloads", "mesh", "proxy", "edge", "config"],
            pairs: ["virtual machine", "edge function"],
            phrases: ["kubernetes", "cluster", "database", "production", "virtual machine", "container", "sql"])),
        (.sourceCode, Words(
            strong: ["repository", "repositories", "repo", "repos", "git", "commit", "commits", "gist", "gists", "codebase"],
            weak: ["branch", "branches", "code", "diff", "sha", "tag", "tags", "release", "releases", "merge", "revision"],
            pairs: ["pull request", "pull requests", "source code", "merge request"],
            phrases: ["repository", "repositories", "pull request", "pull requests", "source code", "git", "commits"])),
        (.communications, Words(
            strong: ["message", "messages", "mail", "mailbox", "inbox", "chat", "chats", "channel", "channels", "conversation",
                     "conversations", "dm", "dms", "sms", "comment", "comments", "reply", "replies", "notification",
                     "notifications", "discussion", "discussions"],
            weak: ["thread", "threads", "reaction", "reactions"],
            phrases: ["direct message", "direct messages", "public channel", "private channel"],
            matchesPropertyNames: false)),
        (.files, Words(
            strong: ["file", "files", "filename", "directory", "directories", "folder", "folders", "filesystem", "attachment",
                     "attachments"],
            weak: ["path", "paths", "media"],
            phrases: ["file system", "filesystem"])),
    ]

    /// Words that make a following "token" mean something other than a credential.
    static let nonCredentialTokenContext: Set<String> = [
        "max", "page", "next", "continuation", "cursor", "sync", "num", "count", "total", "limit", "input", "output",
        "completion", "prompt", "csrf",
    ]

    static let maximumEvidencePerKind = 3

    static func detect(_ facts: ToolFacts) -> [SensitivityFinding] {
        var findings: [SensitivityFinding] = []
        for (sensitivity, words) in table {
            let evidence = evidence(for: sensitivity, words, in: facts)
            if !evidence.isEmpty {
                findings.append(SensitivityFinding(sensitivity: sensitivity, evidence: Array(evidence.prefix(maximumEvidencePerKind))))
            }
        }
        return findings
    }

    private static func evidence(for sensitivity: Sensitivity, _ words: Words, in facts: ToolFacts) -> [Evidence] {
        var strong: [Evidence] = []
        var weak: [Evidence] = []
        func record(_ evidence: Evidence, isStrong: Bool) {
            if isStrong { strong.append(evidence) } else { weak.append(evidence) }
        }

        if let hit = match(facts.nameWords, words, nameOnly: true, kind: sensitivity) {
            let quoted = facts.nameText(from: hit.range.lowerBound, through: hit.range.upperBound - 1)
            record(Evidence(.name, "tool name contains '\(quoted)'"), isStrong: hit.isStrong)
        }
        for property in facts.properties where !property.isReference && strong.count < maximumEvidencePerKind {
            if words.matchesPropertyNames, let hit = match(property.words, words, nameOnly: false, kind: sensitivity) {
                record(Evidence(.inputSchema, "input property '\(property.name)'"), isStrong: hit.isStrong)
            } else if let description = property.description,
                      words.propertyDescriptionWords.contains(where: { WordSearch.contains(word: $0, in: description) }) {
                record(Evidence(.inputSchema, "input property '\(property.name)' is described as '\(Quote.short(description))'"), isStrong: true)
            }
        }
        if let found = facts.description.firstSentence(containing: words.phrases) {
            record(Evidence(.description, "description says '\(Quote.short(found.sentence.text))'"), isStrong: true)
        }
        return strong.isEmpty ? [] : strong + weak
    }

    private struct Hit {
        var range: Range<Int>
        var isStrong: Bool
    }

    /// The first word (or pair) of `words` in an identifier's words.
    private static func match(_ identifier: [String], _ words: Words, nameOnly: Bool, kind: Sensitivity) -> Hit? {
        var weakHit: Hit?
        for index in identifier.indices {
            if index + 1 < identifier.count, words.pairs.contains(identifier[index] + " " + identifier[index + 1]) {
                return Hit(range: index..<(index + 2), isStrong: true)
            }
            let word = identifier[index]
            if words.strong.contains(word) || (nameOnly && words.nameOnly.contains(word)) {
                if kind == .credentials, word.hasPrefix("token"), index > 0, nonCredentialTokenContext.contains(identifier[index - 1]) {
                    continue
                }
                return Hit(range: index..<(index + 1), isStrong: true)
            }
            if weakHit == nil, words.weak.contains(word) { weakHit = Hit(range: index..<(index + 1), isStrong: false) }
        }
        return weakHit
    }
}
