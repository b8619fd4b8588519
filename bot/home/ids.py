"""What the App Home answers to: Slack's event when someone opens the app's Home tab."""

from __future__ import annotations

HOME_OPENED = "app_home_opened"

# The App Home's "New link" button beside the person's calendar feed link.
NEW_CALENDAR_LINK = "home_new_calendar_link"
