// The SiteGenerator target: see docs/architecture.md.
