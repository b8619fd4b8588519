"""Flightdeck: the TikTok Promote-or-Spark intake and its reminders, as a Slack app."""
