"""The explorer's panes."""
