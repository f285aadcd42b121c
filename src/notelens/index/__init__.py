"""notelens.index stage."""
