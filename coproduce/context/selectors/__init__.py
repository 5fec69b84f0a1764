"""Reads of the local context dossier."""
