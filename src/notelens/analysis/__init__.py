"""notelens.analysis stage."""
