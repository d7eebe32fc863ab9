"""Schema of the commendations app."""
