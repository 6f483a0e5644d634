"""The programme's own records in: read, validate, preview, write, audit, undo."""
