"""Extraction of sections, sentences, entities and claims from policy documents, and their SQLite store."""
