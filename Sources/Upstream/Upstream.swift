// The Upstream target: see docs/architecture.md.
