"""Shared core: typed records, settings, the sources registry, text normalisation and date parsing."""
