"""The Slack edge every feature shares: the Web API, text that is safe in mrkdwn, the surfaces
several features draw (the summary message, a reminder, the flight menu, the change modals), and
the one path a flight change takes from a click to its confirmation. See docs/architecture.md."""
