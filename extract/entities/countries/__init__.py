"""Countries: every way a text refers to a country, normalised to ISO 3166-1 alpha-2 (`names`)."""
