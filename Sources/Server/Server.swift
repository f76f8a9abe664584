// The Server target: see docs/architecture.md.
