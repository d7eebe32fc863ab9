"""Schema of the reports app."""
