// The DemoServer target: see docs/architecture.md.
