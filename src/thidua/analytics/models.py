"""Schema of the analytics app."""
