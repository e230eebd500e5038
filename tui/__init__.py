"""The policy-tui terminal explorer and command line."""
