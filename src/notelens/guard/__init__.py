"""Guard stage: PII, prompt injection and grounding checks at ingest, query and answer."""
