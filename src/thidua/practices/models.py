"""Schema of the practices app."""
