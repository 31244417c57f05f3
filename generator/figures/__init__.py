"""Phase 3, compute: figure operations, units, evaluation and the words figures are printed in."""
