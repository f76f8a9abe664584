/// Expands `${NAME}` (and Cursor's `${env:NAME}`) in configuration values from the environment.
///
/// `$${` writes a literal `${`. A `$` not followed by `{` is kept as is. Problems name the
/// variable, never a value: expanded values are often credentials.
public struct VariableExpander: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Why a value could not be expanded.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case missing([String])
        case malformed(String)

        public var description: String {
            switch self {
            case .missing(let names) where names.count == 1:
                return "environment variable \(names[0]) is not set"
            case .missing(let names):
                return "environment variables \(names.joined(separator: ", ")) are not set"
            case .malformed(let detail):
                return detail
            }
        }
    }

    /// `text` with every reference replaced, or the problem.
    public func expand(_ text: String) -> Result<String, Problem> {
        guard text.contains("$") else { return .success(text) }
        var output = ""
        var missing: [String] = []
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {
                output += "${"
                rest = afterDollar.dropFirst(2)
                continue
            }
            guard afterDollar.hasPrefix("{") else {
                output += "$"
                rest = afterDollar
                continue
            }
            guard let close = afterDollar.firstIndex(of: "}") else {
                return .failure(.malformed("'${' without a closing '}' (write $${ for a literal ${)"))
            }
            var name = afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close]
            if name.hasPrefix("env:") { name = name.dropFirst(4) }
            guard Self.isVariableName(name) else {
                return .failure(.malformed("'${\(name)}' is not a variable reference: names are letters, digits and '_'"))
            }
            if let value = environment[String(name)] {
                output += value
            } else if !missing.contains(String(name)) {
                missing.append(String(name))
            }
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        output += rest
        return missing.isEmpty ? .success(output) : .failure(.missing(missing))
    }

    static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || $0.isASCIIDigit }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
    fileprivate var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
}
