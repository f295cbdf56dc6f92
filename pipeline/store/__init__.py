"""Store: DuckDB connection and migrations, staging, loads and the data derived from loaded articles."""
