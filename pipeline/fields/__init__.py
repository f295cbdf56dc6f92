"""Fields: structured fields found in an article's text (dates mentioned, entities, quantities, quotes)."""
