"""notelens.embed stage."""
