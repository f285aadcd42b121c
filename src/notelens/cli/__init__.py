"""notelens.cli stage."""
