/// The policy of the public tool page our work started from (`../shared/seed/`), which must
/// work unchanged — one copy for every test target that checks it.
public enum SeedPolicy {
    /// As DEVELOPERS.md writes it.
    public static let compact = text(counter: "updateoneconnectedaccount_rate")

    /// The same document with another counter name (tests that need a fresh counter per run).
    public static func text(counter: String) -> String {
        """
        {"version": "1", "default": "deny",
         "tools": {"UpdateOneConnectedAccount": {"limits": [
           {"counter": "\(counter)", "window": "minute", "max": 30, "scope": "grant"}]}}}
        """
    }

    /// As the seed page prints it (`../shared/seed/policylayer-tool-page.txt`), with a final
    /// newline: what `gatehouse recommend` and the tool page's `policy.json` must reproduce.
    public static let pretty = """
        {
          "version": "1",
          "default": "deny",
          "tools": {
            "UpdateOneConnectedAccount": {
              "limits": [
                {
                  "counter": "updateoneconnectedaccount_rate",
                  "window": "minute",
                  "max": 30,
                  "scope": "grant"
                }
              ]
            }
          }
        }

        """
}
