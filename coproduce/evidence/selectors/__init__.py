"""Reads of the evidence review, always scoped to one project."""
