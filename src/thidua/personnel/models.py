"""Schema of the personnel app."""
