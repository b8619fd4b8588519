"""`/flights`: the active flights of a channel, of a person, or of the workspace."""
