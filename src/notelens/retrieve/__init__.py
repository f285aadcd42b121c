"""notelens.retrieve stage."""
