"""Document collections: ingest, split into parts (legal structure, judgments), index and search."""
