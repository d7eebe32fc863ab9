"""Schema of the scoring app."""
