"""The domain: Flightdeck's vocabulary and rules, free of Slack and of the database."""
