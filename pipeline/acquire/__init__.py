"""Acquire: discover article URLs and local inputs, fetch them politely and safely, archive to WARC, decode."""
