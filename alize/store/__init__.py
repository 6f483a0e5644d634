"""The records store: the schema, building and opening the embedded DuckDB file, the derived tables."""
