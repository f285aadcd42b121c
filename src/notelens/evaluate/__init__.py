"""notelens.evaluate: retrieval metrics over qrels and runs."""
