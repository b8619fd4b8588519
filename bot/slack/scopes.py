"""The bot token's permissions Flightdeck uses: manifest.yml asks for exactly these."""

from __future__ import annotations

REQUIRED_SCOPES: dict[str, str] = {
    "commands": "/intake and /flights",
    "chat:write": "the summary, its thread and the reminders",
    "chat:write.public": "posting in a public channel before anyone invites the bot",
    "channels:read": "telling a channel shared with a client (Slack Connect) from another workspace's",
    "groups:read": "the same, for private channels",
    "im:write": "DMs when a channel can't take a message",
    "users:read": "each owner's time zone",
    "files:write": "sending `/flights export`'s CSV",
}


def missing_scopes(granted_header: str | None) -> list[str]:
    """The required scopes an answer's x-oauth-scopes header doesn't list ([] when Slack didn't say)."""
    if not granted_header:
        return []
    granted = {scope.strip() for scope in granted_header.split(",")}
    return [scope for scope in REQUIRED_SCOPES if scope not in granted]
