"""Writes to the local context dossier, one module per kind of item."""
