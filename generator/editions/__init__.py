"""Git, read-only: version stamps, revisions, comparisons between editions, redlines."""
