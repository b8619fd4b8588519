"""What the App Home answers to: Slack's event when someone opens the app's Home tab."""

from __future__ import annotations

HOME_OPENED = "app_home_opened"

# The App Home's "New link" button beside the person's calendar feed link.
NEW_CALENDAR_LINK = "home_new_calendar_link"

# The App Home's blocks that carry buttons or a link, by their block_id.
TOOLS_BLOCK = "home_tools"
CALENDAR_BLOCK = "home_calendar"
CALENDAR_ACTIONS_BLOCK = "home_calendar_actions"
