"""newsflow: scheduled news ingestion into DuckDB."""
