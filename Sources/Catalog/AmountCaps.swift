import JSON
import Policy

/// Conditions that cap the amount a financial tool may move: `args.amount lte 50000`.
///
/// An amount-like input is a number whose name has the word "amount" (`amount`, `unit_amount`,
/// `amount_off`, `amountMicros`), reachable without an array index. Amounts in payment APIs are
/// usually in the currency's minor unit (cents), so the cap is 50,000 (500.00); a name ending in
/// "micros" means millionths, so its cap is 500,000,000 (also 500.00). Change the value to suit.
///
/// A condition fails when its argument is missing, so a capped call must state its amount. That
/// is wanted where leaving the amount out means "all of it" (a refund), and for any required
/// amount; an optional amount on a tool that does not move money by itself (a coupon's
/// `amount_off` next to `percent_off`) is left uncapped.
public enum AmountCaps {
    public static let minorUnitCap: Int64 = 50_000
    public static let microsCap: Int64 = 500_000_000

    public static func conditions(for tool: CatalogTool, movesMoney: Bool) -> [Condition] {
        let facts = ToolFacts(tool)
        return conditions(for: ArgumentRoles.find(facts, readOnly: false), movesMoney: movesMoney)
    }

    /// Caps on the amounts a classification found (``ArgumentRoles/amounts``).
    public static func conditions(for arguments: ArgumentRoles, movesMoney: Bool) -> [Condition] {
        arguments.amounts.compactMap { amount in
            guard amount.isRequired || movesMoney else { return nil }
            return Condition(path: amount.path, op: .lte, value: .int(amount.isMicros ? microsCap : minorUnitCap))
        }
    }
}
