"""A calendar feed link as the App Home and `/flights calendar` show it, with how to subscribe.

bot/calendar makes the links; the features that show them receive a `FeedLink` through the Deps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedLink:
    url: str | None = None
    # Why there is no link, said to the person (the bot isn't set up for calendar feeds).
    unavailable: str | None = None
    # The link was just made to replace another one, which no longer works.
    replaced: bool = False


HOW_TO_SUBSCRIBE = (
    "*Google Calendar*: Other calendars ＋ → *From URL*, paste the link.\n"
    "*Outlook*: Add calendar → *Subscribe from web*, paste the link.\n"
    "*Apple Calendar*: File → *New Calendar Subscription…*, paste the link.\n"
    "Calendars refresh on their own schedule (Google's every few hours), so a change can take a while to show."
)

KEEP_IT_PRIVATE = "Anyone with the link can read these flights: keep it to the people they concern."


def link_text(link: FeedLink | None, *, whose: str) -> str:
    """The link (as text to copy, never a preview), how to subscribe, and that it is a secret."""
    if link is None or link.url is None:
        return (link and link.unavailable) or "Calendar feeds aren't available."
    replaced = "The old link no longer works: calendars subscribed with it stop updating.\n" if link.replaced else ""
    return (
        f"{replaced}Subscribe to {whose} in your calendar app:\n`{link.url}`\n\n{HOW_TO_SUBSCRIBE}\n{KEEP_IT_PRIVATE}"
    )
