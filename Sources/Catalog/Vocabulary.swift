/// The words the classifier knows, in one place so they can be read, reviewed and extended.
///
/// Only general English and software vocabulary belongs here — never a tool's or a server's
/// name. docs/classification.md describes the tables.
enum Vocabulary {
    static let verbs: [String: VerbMeaning] = {
        var table: [String: VerbMeaning] = [:]
        func add(_ action: Action, _ words: String, weak: Bool = false, irreversible: String? = nil) {
            for word in words.split(separator: " ") {
                table[String(word)] = VerbMeaning(action: action, isWeak: weak, irreversibleBecause: irreversible)
            }
        }
        add(.read, """
            get list read fetch retrieve search find lookup show describe inspect browse count download export \
            verify validate compare diff analyze analyse summarize summarise convert calculate compute parse \
            translate echo estimate preview explain troubleshoot diagnose monitor poll ping scan audit explore \
            discover display tail grep measure lint recall screenshot snapshot hover scroll extract decode \
            encode ask answer recommend suggest classify detect identify examine investigate \
            demonstrate forecast predict transcribe visualize locate trace geocode solve score reason \
            brainstorm reflect decompose sample aggregate filter sort inquire consult subtract multiply divide plot
            """)
        add(.read, "query view check open generate return format print load test think plan take select render review", weak: true)
        add(.create, """
            create add insert upload import fork clone register store append attach follow subscribe join \
            compress zip gzip provision allocate save backup remember memorize bookmark install commit push \
            initialize init
            """)
        add(.create, "new make copy duplicate record link star pin tag label request schedule book draft build", weak: true)
        add(.change, """
            update edit modify patch set put rename move replace upsert write sync reorder reprioritize prioritize \
            configure assign reassign swap reload refresh rewrite adjust increment decrement undo
            """)
        add(.change, "type", weak: true)
        add(.change, "change merge apply watch", weak: true)
        add(.change, "rebase", irreversible: "rebasing rewrites history")
        add(.change, "scale", irreversible: "scaling down stops running instances")
        add(.change, "overwrite", irreversible: "overwriting replaces what was there")
        add(.transition, """
            submit approve reject accept decline confirm complete finalize resolve unresolve reopen checkout advance \
            toggle enable disable archive unarchive restore dismiss lock unlock pause resume unstar unfollow \
            unsubscribe leave unassign unlink unpin untag unlabel stage unstage suspend activate deactivate hide \
            unhide block unblock mute unmute snooze mark
            """)
        add(.navigate, "navigate goto visit switch focus", weak: false)
        add(.navigate, "go back forward", weak: true)
        add(.interact, "click press tap fill drag swipe keypress interact input")
        add(.connect, "connect login logon signin authenticate")
        add(.end, "close disconnect reconnect logout signout unload detach")
        add(.end, "cancel terminate kill abort", irreversible: "what it cancels or ends cannot be resumed where it was")
        add(.end, "stop shutdown halt reboot", irreversible: "stopping ends running work and loses unsaved state")
        add(.end, "end exit quit", weak: true)
        add(.remove, """
            delete remove destroy drop purge erase wipe truncate uninstall reset discard evict flush prune \
            unregister void expire trash deprovision nuke reinitialize
            """)
        add(.remove, "clear empty", weak: true)
        add(.execute, "exec execute rerun eval invoke launch spawn start restart dispatch")
        add(.execute, "run call evaluate", weak: true)
        add(.execute, "deploy", irreversible: "deploying replaces what is live")
        add(.send, "send reply email notify broadcast tweet forward dm announce")
        add(.send, "post comment message mail publish share", weak: true)
        add(.pay, "pay payout withdraw deposit purchase buy sell donate")
        add(.pay, "charge refund transfer invoice bill capture", weak: true)
        add(.grant, "grant invite authorize deauthorize impersonate promote demote ban unban kick rotate regenerate elevate")
        add(.grant, "revoke", irreversible: "revoked access cannot simply be handed back")
        add(.unspecified, "manage handle process perform do use trigger simulate operate administer control", weak: true)
        return table
    }()

    /// Pairs of words that name one thing, so neither is read as a verb ("pull request").
    static let nounCompounds: [(String, String)] = [
        ("pull", "request"), ("pull", "requests"), ("merge", "request"), ("merge", "requests"),
        ("sign", "in"), ("log", "in"), ("check", "run"), ("check", "runs"), ("check", "suite"),
    ]

    /// Words in a name that join two verbs: `create_or_update`.
    static let connectors: Set<String> = ["or", "and"]

    /// Words saying a call acts on many things at once.
    static let bulkWords: Set<String> = ["many", "all", "multiple", "bulk", "batch", "every", "entire"]

    /// Words that say how many, sitting next to a verb: `UpdateOne`, `deleteMany`.
    static let quantityWords: Set<String> = ["one", "many", "all", "multiple", "bulk", "batch"]

    /// Things money is: creating or changing one of these is financial.
    static let moneyObjects: Set<String> = [
        "payment", "payments", "invoice", "invoices", "refund", "refunds", "payout", "payouts", "charge", "charges",
        "price", "prices", "pricing", "coupon", "coupons", "discount", "discounts", "dispute", "disputes",
        "transaction", "transactions", "transfer", "transfers", "wallet", "wallets", "billing", "currency", "tx", "txs",
    ]

    /// Things that are money only where the definition also talks money: a Stripe subscription
    /// is billing, a notification subscription is not.
    static let weakMoneyObjects: Set<String> = [
        "subscription", "subscriptions", "order", "orders", "balance", "balances", "plan", "plans", "cost", "costs",
    ]

    /// Money objects whose creation moves money by itself (a refund, unlike a price, pays out).
    static let moneyMovingObjects: Set<String> = [
        "refund", "refunds", "payout", "payouts", "transfer", "transfers", "charge", "charges", "withdrawal", "withdrawals",
    ]

    /// Things that decide who can do what: changing one of these is administration.
    static let adminObjects: Set<String> = [
        "permission", "permissions", "role", "roles", "member", "members", "membership", "memberships",
        "collaborator", "collaborators", "access", "key", "keys", "apikey", "token", "tokens", "secret", "secrets",
        "password", "passwords", "credential", "credentials", "setting", "settings", "config", "configuration",
        "configurations", "webhook", "webhooks", "scope", "scopes", "invitation", "invitations", "owner", "owners",
        "ownership", "sso", "saml", "mfa", "policy", "policies", "acl", "acls", "admin", "admins",
    ]

    /// Things people read: creating one of these sends something to people.
    static let messageObjects: Set<String> = [
        "message", "messages", "comment", "comments", "reply", "replies", "email", "emails", "mail", "sms",
        "notification", "notifications", "chat", "dm", "tweet", "tweets", "announcement", "post", "posts",
    ]

    /// Whole containers: deleting one takes everything inside with it.
    static let containerObjects: Set<String> = [
        "repository", "repositories", "repo", "repos", "database", "databases", "db", "project", "projects",
        "cluster", "clusters", "namespace", "namespaces", "bucket", "buckets", "organization", "organizations",
        "org", "orgs", "workspace", "workspaces", "table", "tables", "server", "servers",
        "site", "sites", "domain", "domains", "volume", "volumes",
    ]

    /// Names of input properties that pick one of several operations (`"method": "delete"`).
    static let operationSelectors: Set<String> = ["method", "action", "operation", "op", "mode", "verb"]

    /// Names of input properties that carry code or commands for the tool to run.
    static let codeProperties: Set<String> = ["command", "commands", "cmd", "script", "sql", "shell", "program"]

    /// Names of input properties that are code in a tool that runs things (`run_code`'s `code`),
    /// and something else elsewhere (a postal `code`, a search `query`, a math `expression`).
    static let runnableProperties: Set<String> = ["code", "source", "snippet", "js", "javascript", "python", "expression", "query", "statement"]

    /// Words in a description that say the input is code the tool runs.
    static let codePhrases: PhraseList = [
        "raw sql", "sql query", "sql queries", "ddl", "shell command", "shell access", "arbitrary code",
        "arbitrary command", "run commands", "execute a command", "execute commands", "javascript code",
        "python code", "execute code", "run code", "shell commands", "terminal commands", "arbitrary javascript",
        "execute javascript", "execute python", "run python", "javascript in the browser", "command line",
    ]

    /// Descriptions that promise the tool only reads.
    static let readOnlyPhrases: PhraseList = ["read-only", "read only", "readonly", "select statements", "select queries", "does not modify"]

    /// Descriptions of side effects that cannot be put back.
    static let lossPhrases: PhraseList = [
        "will be lost", "is lost", "are lost", "is removed", "are removed", "will be removed", "will be deleted",
        "is deleted", "are deleted", "permanently", "cannot be undone", "can't be undone", "irreversible",
        "irreversibly", "overwrite", "overwrites", "overwriting", "completely replaces", "wipes",
    ]

    /// Words before a phrase that turn it around ("does not delete").
    static let negations: Set<String> = ["not", "never", "without", "no", "doesn't", "don't", "won't", "isn't", "nor"]

    /// Words that say the changed thing keeps a history, so a change can be put back.
    static let versionedWords: Set<String> = ["repository", "repositories", "repo", "repos", "commit", "commits", "git"]

    /// Words that say a tool reaches the open internet or people outside.
    static let openWorldWords: Set<String> = ["url", "urls", "internet", "web", "website", "websites", "http", "https", "webpage"]

    /// Looks a name word up: the verb it is, if any.
    static func verb(_ word: String) -> VerbMeaning? {
        verbs[word]
    }

    /// Looks a description word up, trying the forms a verb takes in a sentence: "Gets",
    /// "Applies", "Fetches", "listing".
    static func verbInSentence(_ word: String) -> (base: String, meaning: VerbMeaning)? {
        for candidate in baseForms(of: word) {
            if let meaning = verbs[candidate] { return (candidate, meaning) }
        }
        return nil
    }

    static func baseForms(of word: String) -> [String] {
        var forms = [word]
        if word.hasSuffix("ies"), word.count > 4 { forms.append(String(word.dropLast(3)) + "y") }
        if word.hasSuffix("es"), word.count > 3 { forms.append(String(word.dropLast(2))) }
        if word.hasSuffix("s"), word.count > 2 { forms.append(String(word.dropLast())) }
        if word.hasSuffix("ing"), word.count > 5 {
            let stem = String(word.dropLast(3))
            forms.append(stem)
            forms.append(stem + "e")
            if let last = stem.last, stem.count > 2, stem.dropLast().last == last { forms.append(String(stem.dropLast())) }
        }
        return forms
    }
}

extension Vocabulary {
    /// Input property words that carry something to write.
    static let contentProperties: Set<String> = [
        "content", "contents", "body", "text", "data", "value", "values", "payload", "patch", "diff", "message", "html",
        "markdown", "file", "files", "attachment", "image", "document", "record", "records", "entry", "entries", "fields",
    ]

    /// Phrases saying a tool writes its result somewhere besides returning it.
    static let savingPhrases: PhraseList = [
        "save to", "saves to", "saved to", "save as", "saves as", "saves the", "saves it", "and save", "and saves",
        "write to", "writes to", "written to", "writes the", "stores in", "stored in", "to a file", "to a local file",
        "to disk", "to a csv", "to the desktop", "to desktop", "save results", "saves results", "download to",
        "downloads to", "to local", "to the local", "saves a", "writes a", "saved in", "saves them",
    ]
}
