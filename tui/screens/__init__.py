"""The explorer's screens: the main panes, the reader, help and a problem report."""
