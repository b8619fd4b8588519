"""What the App Home answers to: Slack's event when someone opens the app's Home tab."""

from __future__ import annotations

HOME_OPENED = "app_home_opened"
