// The Gateway target: see docs/architecture.md.
