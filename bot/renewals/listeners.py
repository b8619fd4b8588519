"""The renewal modals' submissions: "I've sent it" records the request, "Confirm the swap" the swap.

Each checks again who is asking (a modal can be submitted long after it opened) and makes its change
before answering Slack: what the row lock finds is said in the modal, and a duplicate of a submission
that already took effect only closes it, so one confirmation reaches the thread (bot/slack/flight_changes.py's
`submission`). A reminder handled since the modal opened doesn't stop the change: its message says by whom.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.intake import record_id
from bot.slack.flight_changes import Submission, submission
from bot.slack.ids import ChangeView, SwapField
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.renewal_views import codes_of

SAVE_FAILED = "Flightdeck couldn't save this just now, so nothing was recorded. Try again."


@submission(answerable=False)
def save_request(sub: Submission, client: WebClient) -> None:
    codes = codes_of(sub.view.get("private_metadata"))
    now = sub.deps.clock.now()
    view_id = sub.view.get("id")
    sub.finish(
        client,
        lambda: RenewalChanges(sub.changes).asked(
            sub.team_id,
            sub.user_id,
            sub.campaign,
            codes,
            now=now,
            view_id=view_id if isinstance(view_id, str) else None,
            via_reminder=sub.origin.reminder_id,
        ),
        sub.notice(),
        message=sub.as_sent(),
        save_failed=SAVE_FAILED,
    )


@submission(answerable=False)
def save_swap(sub: Submission, client: WebClient) -> None:
    message = sub.as_sent()
    authorization_id = sub.origin.authorization_id or _picked_id(sub.values, SwapField.AUTHORIZATION)
    if authorization_id is None:
        sub.error(SwapField.AUTHORIZATION, "Pick the ad account whose code you swapped.")
        return
    sub.finish(
        client,
        lambda: RenewalChanges(sub.changes).swapped(
            sub.team_id, sub.user_id, sub.campaign, authorization_id, sub.origin.reminder_id
        ),
        sub.notice(),
        message=message,
        save_failed=SAVE_FAILED,
    )


def _picked_id(values: dict[str, Any], block_id: str) -> int | None:
    block = values.get(block_id)
    state = block.get(block_id) if isinstance(block, dict) else None
    option = state.get("selected_option") if isinstance(state, dict) else None
    value = option.get("value") if isinstance(option, dict) else None
    return record_id(value)


def register(app: App) -> None:
    app.view(ChangeView.ASK_CREATOR)(save_request)
    app.view(ChangeView.CODE_SWAPPED)(save_swap)
