"""Phase 6, write: writers run (over the cores), page budgets, manifest, atomic publication."""
