"""Writes of the evidence review, one module per area: searches, imports, references, duplicates."""
