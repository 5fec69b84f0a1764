"""Pages of the local context dossier, one module per area; urls.py names them all."""
