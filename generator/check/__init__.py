"""Phase 2, validate: cross-references, lints, anchors, glossary, prose references, asks."""
