"""Campaign records and the changes people make to a flight."""
