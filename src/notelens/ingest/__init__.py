"""notelens.ingest stage."""
