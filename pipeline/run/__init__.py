"""Run: the one run driver used by the CLI and the Airflow tasks, plus rebuild and reprocessing."""
