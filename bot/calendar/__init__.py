"""Flightdeck's flights as calendars people subscribe to: pure, free of Slack and of the database."""
