"""notelens.store: the Store seam (base), its backends and their shared parts."""
