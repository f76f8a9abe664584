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
        InputSchemaReader.properties(of: tool.inputSchema).compactMap { property in
            guard property.isNumeric, !property.isInsideArray, property.words.contains("amount"),
                  property.isRequired || movesMoney,
                  let path = ArgumentPath(segments: property.path).validated else { return nil }
            let cap = property.words.last == "micros" ? microsCap : minorUnitCap
            return Condition(path: path, op: .lte, value: .int(cap))
        }
    }
}

extension ArgumentPath {
    /// Itself, when every segment can be written in a dotted path (no dots, not empty).
    fileprivate var validated: ArgumentPath? {
        segments.allSatisfy { !$0.isEmpty && !$0.contains(".") } ? self : nil
    }
}
