"""Flights recorded the real way, and ways to read the reminders they produce.

The clock starts on Monday 23 November 2026, 10:00 in New York (the owner's zone). The two
standard flights, both starting that day:
- a Promote flight through Monday 30 November;
- a Spark flight through Sunday 6 December whose code expires on Monday 30 November (00:00 in
  New York), before the flight ends, so all three code reminders are planned.
"""

from __future__ import annotations

import copy
import json
import re
import time
from datetime import date, datetime
from typing import Any

from sqlmodel import select

from storage import campaigns as campaign_store
from storage.models import Authorization, AuthorizationRenewal, Campaign, Event, Reminder
from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.intake import AD_ACCOUNT, POST, PROMOTE_ANSWERS
from tests.support.slack_emulator import TEAM_ID, Call

PROMOTE_LAST_DAY = date(2026, 11, 30)
SPARK_LAST_DAY = date(2026, 12, 6)
CODE_EXPIRES_ON = date(2026, 11, 30)

# The intake's answers common to both tools.
_COMMON = {k: v for k, v in PROMOTE_ANSWERS.items() if k not in ("ownership", "objective_promote")}


def record_flight(
    flightdeck: Flightdeck,
    *,
    spark: bool = False,
    last_day: date | None = None,
    code_expires_on: date | None = CODE_EXPIRES_ON,
    channel: str = CHANNEL,
    user: str = OWNER,
    owner: str | None = None,
    client: str = "GlowCo",
    market: str = "us",
) -> Campaign:
    """Record a flight through the intake modal, as a person would, and wait for its summary message."""
    before = {c.id for c in flightdeck.campaigns()}
    view = flightdeck.open_intake(POST, user=user, channel=channel)
    view = flightdeck.change(view, {"ownership": "brand" if spark else "creator"}, dispatch="ownership", user=user)
    answers: dict[str, Any] = {**_COMMON, "client": client, "market": market}
    if spark:
        answers |= {
            "objective_spark": "Conversions",
            "ad_account_0": AD_ACCOUNT,
            "flight_end": (last_day or SPARK_LAST_DAY).isoformat(),
        }
        if code_expires_on is not None:
            answers["code_expires_0"] = code_expires_on.isoformat()
    else:
        answers |= {"objective_promote": "Profile visits", "flight_end": (last_day or PROMOTE_LAST_DAY).isoformat()}
    if owner is not None:
        answers["owner"] = owner
    # Pick the answers as a person does: the dates and codes update the modal's decision and warnings.
    view = flightdeck.change(view, answers, dispatch="flight_end", user=user)
    reply = flightdeck.submit(view, answers, user=user)
    assert reply.status == 200 and reply.body == "", reply

    def recorded() -> Campaign | None:
        return next((c for c in flightdeck.campaigns() if c.id not in before and c.message_ts), None)

    return flightdeck.emulator.wait_for(recorded)


# -- the clock and the dispatcher -------------------------------------------------------------------------------


def run_at(flightdeck: Flightdeck, instant: datetime):
    """The bot wakes at `instant` and sends whatever is due."""
    flightdeck.clock.set(instant)
    return flightdeck.dispatcher.tick()


# -- reading the records ----------------------------------------------------------------------------------------


def reminders_of(flightdeck: Flightdeck, campaign: Campaign) -> list[Reminder]:
    return [r for r in flightdeck.reminders() if r.campaign_id == campaign.id]


def reminder(flightdeck: Flightdeck, campaign: Campaign, kind: str, *, status: str | None = None) -> Reminder:
    """The one reminder of `kind` (in `status`, if given) of the campaign."""
    found = [r for r in reminders_of(flightdeck, campaign) if r.kind == kind and status in (None, r.status)]
    assert len(found) == 1, [(r.id, r.kind, r.status) for r in reminders_of(flightdeck, campaign)]
    return found[0]


def reload(flightdeck: Flightdeck, row: Reminder) -> Reminder:
    return next(r for r in flightdeck.reminders() if r.id == row.id)


def campaign_now(flightdeck: Flightdeck, campaign: Campaign) -> Campaign:
    return next(c for c in flightdeck.campaigns() if c.id == campaign.id)


def authorizations(flightdeck: Flightdeck, campaign: Campaign) -> list[Authorization]:
    with flightdeck.database.transaction() as session:
        return campaign_store.authorizations_for(session, TEAM_ID, campaign.id)


def renewals(flightdeck: Flightdeck, authorization_id: int) -> list[AuthorizationRenewal]:
    with flightdeck.database.transaction() as session:
        return campaign_store.renewals_for(session, TEAM_ID, authorization_id)


def events(flightdeck: Flightdeck, campaign: Campaign) -> list[Event]:
    with flightdeck.database.transaction() as session:
        return campaign_store.events_for(session, TEAM_ID, campaign.id)


def all_rows(flightdeck: Flightdeck) -> list[dict]:
    """Every campaign, reminder, authorization and event, as plain values: to prove nothing changed."""
    with flightdeck.database.transaction() as session:
        return [
            row.model_dump()
            for model in (Campaign, Reminder, Authorization, AuthorizationRenewal, Event)
            for row in session.exec(select(model).order_by(model.id))
        ]


# -- reading what Slack received --------------------------------------------------------------------------------


def posted(call: Call) -> dict[str, Any]:
    """The message exactly as the bot posted it (Slack's copy changes when the bot updates it)."""
    blocks = call.args.get("blocks") or []
    message = {
        "type": "message",
        "text": call.args.get("text", ""),
        "blocks": json.loads(blocks) if isinstance(blocks, str) else copy.deepcopy(blocks),
        "ts": call.answer["ts"],
    }
    if call.args.get("thread_ts"):
        message["thread_ts"] = call.args["thread_ts"]
    return message


def reminder_posts(flightdeck: Flightdeck) -> list[Call]:
    """Every reminder Slack accepted: messages carrying a reminder's buttons."""
    return [call for call in flightdeck.emulator.posts() if reminder_id_of(posted(call)) is not None]


def posts_of(flightdeck: Flightdeck, row: Reminder) -> list[Call]:
    """Every accepted chat.postMessage that delivered this reminder."""
    return [call for call in reminder_posts(flightdeck) if reminder_id_of(posted(call)) == row.id]


def post_of(flightdeck: Flightdeck, row: Reminder) -> Call:
    """The one accepted chat.postMessage that delivered this reminder."""
    posts = posts_of(flightdeck, row)
    assert len(posts) == 1, f"reminder {row.id} was posted {len(posts)} times"
    return posts[0]


def reminder_id_of(message: dict[str, Any]) -> int | None:
    block = next((b for b in message.get("blocks", []) if b.get("block_id", "").startswith("reminder_")), None)
    return int(block["block_id"].removeprefix("reminder_")) if block else None


def message_text(message: dict[str, Any]) -> str:
    """All the mrkdwn a reader sees in a message, blocks included."""
    parts = [message.get("text", "")]
    for block in message.get("blocks", []):
        if block.get("text"):
            parts.append(block["text"]["text"])
        for item in block.get("elements", []) + block.get("fields", []):
            if item.get("type") in ("mrkdwn", "plain_text"):
                parts.append(item["text"])
    return "\n".join(parts)


def buttons(message: dict[str, Any]) -> list[str]:
    return [e["action_id"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def as_delivered(flightdeck: Flightdeck, row: Reminder) -> dict[str, Any]:
    """The reminder message as the bot first posted it (a person's client may still show it so)."""
    return posted(post_of(flightdeck, row))


def message_now(flightdeck: Flightdeck, channel: str, ts: str) -> dict[str, Any]:
    """The message as Slack shows it now, after any chat.update."""
    return copy.deepcopy(flightdeck.emulator.messages[(channel, ts)])


def date_tokens(text: str) -> list[int]:
    """The instants of every `<!date^…>` token in the text."""
    return [int(match) for match in re.findall(r"<!date\^(\d+)\^", text)]


def instant(row_time: datetime) -> int:
    return int(row_time.timestamp())


# -- pressing the buttons ---------------------------------------------------------------------------------------


def click(
    flightdeck: Flightdeck,
    message: dict[str, Any],
    channel: str,
    action_id: str,
    *,
    user: str = OWNER,
    value: str | None = None,
    block_id: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """Press a button on a message the bot posted, as Slack reports it; `value` and `block_id` forge its own.

    Returns the payload sent (its trigger_id is the one a modal must be opened with).
    """
    block, element = next(
        (block, element)
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    )
    forged = {"value": value} if value is not None else {}
    action = slack.button_action({**element, **forged}, block_id or block["block_id"])
    payload = slack.message_block_actions(message, channel, action, user_id=user, team_id=team_id)
    reply = flightdeck.sender.interaction(payload)
    assert reply.status == 200, reply
    return payload


def handled(flightdeck: Flightdeck, campaign: Campaign, act) -> Any:
    """Do `act` (a click or a submission) and wait until the app has answered it.

    The app either finishes a change by redrawing the campaign's summary message, or tells the
    person why not with an ephemeral message (or a DM when there is no channel).
    """
    emulator = flightdeck.emulator
    before = len(summary_updates(flightdeck, campaign)), len(emulator.calls_to("chat.postEphemeral"))
    result = act()
    emulator.wait_for(
        lambda: (len(summary_updates(flightdeck, campaign)), len(emulator.calls_to("chat.postEphemeral"))) != before
    )
    return result


def summary_updates(flightdeck: Flightdeck, campaign: Campaign) -> list[Call]:
    return [c for c in flightdeck.emulator.calls_to("chat.update") if c.args.get("ts") == campaign.message_ts]


def ephemerals(flightdeck: Flightdeck) -> list[str]:
    return [c.args["text"] for c in flightdeck.emulator.calls_to("chat.postEphemeral")]


def thread_notes(flightdeck: Flightdeck, campaign: Campaign) -> list[str]:
    """Plain confirmations the app posted in the campaign's thread (reminders themselves excluded)."""
    return [
        c.args["text"]
        for c in flightdeck.emulator.posts(campaign.channel_id)
        if c.args.get("thread_ts") == campaign.message_ts and not c.args.get("blocks")
    ]


def open_modal(flightdeck: Flightdeck, message: dict[str, Any], channel: str, action_id: str, *, user: str = OWNER):
    """Press a button that opens a modal; returns the payload and the modal as it ends up on screen."""
    emulator = flightdeck.emulator
    before = len(emulator.calls_to("views.update"))
    payload = click(flightdeck, message, channel, action_id, user=user)
    updated = emulator.wait_for_calls("views.update", before + 1)[-1]
    return payload, emulator.views[updated.answer["view"]["id"]]


# -- the flight's ⋯ menu on its summary message ---------------------------------------------------------------


def summary_message(flightdeck: Flightdeck, campaign: Campaign) -> dict[str, Any]:
    """The campaign's summary message as Slack shows it now."""
    return message_now(flightdeck, campaign.channel_id, campaign.message_ts)


def menu_options(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    menus = [b["accessory"] for b in message["blocks"] if b.get("accessory", {}).get("type") == "overflow"]
    return {o["value"].split(":")[0]: o for menu in menus for o in menu["options"]}


def choose(
    flightdeck: Flightdeck, campaign: Campaign, choice: str, *, user: str = OWNER, message: dict | None = None
) -> dict[str, Any]:
    """Pick `choice` from the flight's menu on its summary (or on `message`, a stale copy of it)."""
    message = message or summary_message(flightdeck, campaign)
    option = menu_options(message)[choice]
    action = {
        "type": "overflow",
        "action_id": "flight_menu",
        "block_id": "menu",
        "selected_option": option,
        "action_ts": f"{time.time():.6f}",
    }
    payload = slack.message_block_actions(message, campaign.channel_id, action, user_id=user)
    assert flightdeck.sender.interaction(payload).status == 200
    return payload


def modal_after(flightdeck: Flightdeck, act) -> dict[str, Any]:
    """Do `act` (which opens a modal) and return the modal as it ends up on screen."""
    before = len(flightdeck.emulator.calls_to("views.update"))
    act()
    updated = flightdeck.emulator.wait_for_calls("views.update", before + 1)[-1]
    return flightdeck.emulator.views[updated.answer["view"]["id"]]
