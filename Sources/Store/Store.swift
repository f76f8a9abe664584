// The Store target: see docs/architecture.md.
