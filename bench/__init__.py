"""Benchmarks that compare newsflow with other tools side by side."""
