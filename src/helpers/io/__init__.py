"""Data in and out: the comment schema, platform readers, ingest, the DuckDB store, shared data sets, model files."""
