"""Organisations: named bodies of a document under one canonical name each, with aliases (`registry`)."""
