"""The renewal modals' submissions: "I've sent it" records the request, "Confirm the swap" the swap.

Each checks again who is asking (a modal can be submitted long after it opened) and makes its change
before answering Slack: what the row lock finds is said in the modal, and a duplicate of a submission
that already took effect only closes it, so one confirmation reaches the thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.errors import AlreadyInEffect, FlightdeckError
from bot.core.intake import record_id
from bot.deps import deps_of
from bot.slack.change_views import ChangeOrigin, notice_view
from bot.slack.flight_changes import FlightChanges
from bot.slack.ids import ChangeView, SwapField
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.renewal_views import codes_of
from storage.snapshot import ANSWERABLE

log = logging.getLogger(__name__)

SAVE_FAILED = "Flightdeck couldn't save this just now, so nothing was recorded. Try again."


def save_request(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    changes = FlightChanges(deps_of(context))
    found = _checked(ack, changes, body, view, context.team_id)
    if found is None:
        return
    origin, campaign, message = found
    codes = codes_of(view.get("private_metadata"))
    now = changes.deps.clock.now()
    done = _applied(
        ack,
        lambda: RenewalChanges(changes).asked(
            context.team_id,
            body["user"]["id"],
            campaign,
            codes,
            now=now,
            view_id=view.get("id") if isinstance(view.get("id"), str) else None,
            via_reminder=origin.reminder_id,
        ),
    )
    if done is not None:
        snapshot, note, confirmation = done
        changes.announce(client, snapshot, origin, message, note=note, confirmation=confirmation)


def save_swap(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    changes = FlightChanges(deps_of(context))
    found = _checked(ack, changes, body, view, context.team_id)
    if found is None:
        return
    origin, campaign, message = found
    authorization_id = origin.authorization_id or _picked_id(view, SwapField.AUTHORIZATION)
    if authorization_id is None:
        ack(response_action="errors", errors={SwapField.AUTHORIZATION: "Pick the ad account whose code you swapped."})
        return
    done = _applied(
        ack,
        lambda: RenewalChanges(changes).swapped(
            context.team_id, body["user"]["id"], campaign, authorization_id, origin.reminder_id
        ),
    )
    if done is not None:
        snapshot, note, confirmation = done
        changes.announce(client, snapshot, origin, message, note=note, confirmation=confirmation)


def _checked(ack: Ack, changes: FlightChanges, body: dict[str, Any], view: dict[str, Any], team_id: str):
    """Who is asking, and about what; the modal itself says why nothing can be saved."""
    origin = ChangeOrigin.from_metadata(view.get("private_metadata"))
    try:
        campaign, reminder = changes.authorised(team_id, body["user"]["id"], origin, answerable=False)
    except FlightdeckError as error:
        ack(response_action="update", view=notice_view("Can't change this", str(error)).to_dict())
        return None
    if reminder is not None and reminder.status not in ANSWERABLE:
        # Handled since the modal opened (or by this very submission, sent twice): its message says by whom.
        return replace(origin, reminder_id=None), campaign, None
    message = changes.as_sent(reminder, campaign) if reminder is not None else None
    return origin, campaign, message


def _applied(ack: Ack, change: Callable[[], Any]) -> Any:
    try:
        done = change()
    except AlreadyInEffect:
        ack()
        return None
    except FlightdeckError as error:
        ack(response_action="update", view=notice_view("Can't change this", str(error)).to_dict())
        return None
    except SQLAlchemyError:
        log.exception("Couldn't save a renewal")
        ack(response_action="update", view=notice_view("Not saved", SAVE_FAILED).to_dict())
        return None
    ack()
    return done


def _picked_id(view: dict[str, Any], block_id: str) -> int | None:
    values = (view.get("state") or {}).get("values")
    block = values.get(block_id) if isinstance(values, dict) else None
    state = block.get(block_id) if isinstance(block, dict) else None
    option = state.get("selected_option") if isinstance(state, dict) else None
    value = option.get("value") if isinstance(option, dict) else None
    return record_id(value)


def register(app: App) -> None:
    app.view(ChangeView.ASK_CREATOR)(save_request)
    app.view(ChangeView.CODE_SWAPPED)(save_swap)
