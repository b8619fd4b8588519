"""Reminder messages: what to do, why (the "says" column of docs/schedule.md), and the buttons to do it with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.calendar import day_label, first_day, last_day
from bot.core.plan import code_expiry_of, days_ahead, morning_snooze, snooze_allowed, wall_clock
from bot.core.policy import ReminderSchedule
from bot.core.renewal import RenewalState, state_for_code, swap_advice
from bot.core.vocabulary import SNOOZE_HOUR, TITLES, Kind, Tool
from bot.core.working_days import WorkingWeek
from bot.slack.ids import REMINDER_BLOCK, ReminderAction
from bot.slack.reminder_buttons import BUTTONS, SNOOZES, buttons_for, label_for
from bot.slack.summary import tool_of
from bot.slack.text import escape, mention, moment_token
from storage.models import Authorization, Campaign, Reminder, Renewal


@dataclass(frozen=True)
class Rendered:
    text: str
    blocks: list[dict]


def _hours(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    return f"{hours:g} h"


def _what_to_do(
    kind: Kind,
    campaign: Campaign,
    authorization: Authorization | None,
    schedule: ReminderSchedule,
    code_expires_at: datetime | None = None,
    state: RenewalState = RenewalState.NONE,
) -> str:
    client = f"*{escape(campaign.client)}*"
    creator = escape(campaign.creator_handle)
    tz = campaign.owner_tz
    if authorization is not None:
        account = f"ad account {escape(authorization.ad_account_id)}"
        expiry = moment_token(code_expires_at or authorization.expires_at, tz)
    else:
        account = expiry = ""
    expired_next = f"Get a new code from {creator} and swap it in, or end the flight."
    if state is RenewalState.RECEIVED:
        expired_next = f"{creator}'s new code is in: swap it in Ads Manager now, or end the flight."
    window = f"{_hours(schedule.pull_after_end)}–{_hours(schedule.overdue_after_end)}"
    last = day_label(last_day(campaign))
    where = (
        f"Promote data lives in the creator's app, so ask {creator} for the summary."
        if tool_of(campaign) is Tool.PROMOTE
        else "It's in TikTok Ads Manager."
    )
    return {
        Kind.FLIGHT_HOLD: (
            f"{client} with {creator} started {day_label(first_day(campaign))}: don't pull or edit the flight. "
            "Both tools need 5–7 days to exit the learning phase; pulling it this early destroys the signal."
        ),
        Kind.FLIGHT_MIN_REACHED: (
            f"{client} with {creator} has run its minimum {schedule.min_reached_after_start.days} days. "
            "Check it now: it runs to its last day as planned; extend it if it's working, or end it early."
        ),
        Kind.FLIGHT_REVIEW: (
            f"{client} with {creator} runs through {last}: review the creative. Frequency and completion rate "
            "show fatigue first; watch the comments' tone too. If it turns negative, rotate the post out, "
            "whatever its cost per result. "
            + (
                f"The figures are in {creator}'s app: ask them for this week's."
                if tool_of(campaign) is Tool.PROMOTE
                else "The figures are in TikTok Ads Manager."
            )
        ),
        Kind.CODE_RENEW: (
            f"The Spark code for {account} ({creator}) expires {expiry}. "
            f"Ask {creator} for a new code now: a TikTok code can't be extended, only replaced."
        ),
        Kind.CODE_SWAP: f"The Spark code for {account} ({creator}) expires {expiry}. {swap_advice(state).says}",
        Kind.CODE_EXPIRED: (
            f"The Spark code for {account} ({creator}) expired {expiry}. "
            f"The ad has stopped delivering, with no visible error, just “not delivering”. {expired_next}"
        ),
        Kind.SUMMARY_PULL: (
            f"{client} with {creator} had its last day {last}. Pull the post-campaign summary now, "
            f"{window} after the end. {where}"
        ),
        Kind.SUMMARY_OVERDUE: (
            f"The {window} window for {client}'s summary has closed (its last day was {last}). "
            f"Pull it now, before the numbers age further. {where}"
        ),
    }[kind]


@dataclass(frozen=True)
class Snoozes:
    """Which snooze buttons a reminder offers, and what the morning one is called."""

    hour: bool
    morning: str | None


def snoozes_for(
    kind: Kind,
    at: datetime,
    timezone: str,
    morning: time,
    code_expires_at: datetime | None,
    week: WorkingWeek | None = None,
) -> Snoozes:
    """The snoozes that make sense for a reminder shown at `at`.

    The morning one is the owner's next 09:30: "Today 09:30" before it, "Tomorrow 09:30" after, and
    "Mon 09:30" when working days carry a day-based reminder over a day off.
    A code warning offers only the snoozes that bring it back before its code expires.
    """
    if kind not in BUTTONS or not set(SNOOZES) & set(buttons_for(kind)):
        return Snoozes(hour=False, morning=None)
    hour = snooze_allowed(kind, at + SNOOZE_HOUR, code_expires_at)
    until = morning_snooze(kind, at, timezone, morning, week)
    label = None
    if snooze_allowed(kind, until, code_expires_at):
        ahead = days_ahead(until, at, timezone)
        day = "Today" if ahead == 0 else "Tomorrow" if ahead == 1 else f"{wall_clock(until, timezone):%a}"
        label = f"{day} {morning:%H:%M}"
    return Snoozes(hour=hour, morning=label)


def _button(action: ReminderAction, reminder_id: int, label: str) -> ButtonElement:
    confirm = None
    if action is ReminderAction.END_FLIGHT:
        confirm = ConfirmObject(
            title="End the flight now?",
            text="This doesn't stop the ad in TikTok: turn it off there. Flightdeck stops the flight's reminders "
            "and schedules the summary pull from now.",
            confirm="End flight",
            deny="Keep it running",
        )
    if action is ReminderAction.SWAPPED:
        confirm = ConfirmObject(
            title="Swapped in Ads Manager?",
            text="Confirm only once the new code runs the ad in Ads Manager: the old code's reminders stop.",
            confirm="Yes, swapped",
            deny="Not yet",
        )
    primary = (ReminderAction.DONE, ReminderAction.SUMMARY_PULLED, ReminderAction.CODE_RENEWED, ReminderAction.SWAPPED)
    style = "primary" if action in primary else None
    return ButtonElement(text=label, action_id=action, value=str(reminder_id), style=style, confirm=confirm)


def _late_note(reminder: Reminder, timezone: str) -> str:
    """Why a reminder comes late, as far as Flightdeck knows: failed tries it made, or nothing to blame."""
    note = f":hourglass: Late: this was due {moment_token(reminder.due_at, timezone)}."
    if reminder.attempts:
        note += " Slack kept failing to take it, so Flightdeck kept trying."
    return note


def moved_note(day: date) -> str:
    """Why a day-based reminder comes on this working morning rather than the day it was due (docs/schedule.md)."""
    return f":calendar: Moved from {day:%A} {day.day} {day:%b}, a day off: day-based reminders wait for a working day."


def render_reminder(
    reminder: Reminder,
    campaign: Campaign,
    authorization: Authorization | None,
    *,
    late: bool,
    schedule: ReminderSchedule,
    via_dm_because: str | None = None,
    now: datetime | None = None,
    renewal: Renewal | None = None,
) -> Rendered:
    """The reminder's message. `now` is when it goes out, which decides the snoozes it offers;
    without it, the later of its due time and its last change (for a claimed reminder, the claim).
    A code reminder follows its code's `renewal`: what it says and offers depends on where that stands."""
    kind = reminder.kind
    title = TITLES[kind]
    chain_expiry = code_expiry_of(kind, reminder.planned_at, schedule) if authorization is not None else None
    state = RenewalState.NONE
    if renewal is not None:
        state = state_for_code(renewal.state, renewal.swap_by, chain_expiry)
    what = _what_to_do(kind, campaign, authorization, schedule, chain_expiry, state)
    if kind is Kind.CODE_RENEW and state is RenewalState.REQUESTED and renewal.requested_at is not None:
        # Asked already (from the codes' menu): the reminder says so rather than ask for a first request.
        asked = moment_token(renewal.requested_at, campaign.owner_tz)
        # Whoever pressed "I've sent it", a teammate as often as the owner; a live mention only for a user id.
        who = mention(renewal.requested_by) if renewal.requested_by else "Someone"
        what += f" {who} asked {escape(campaign.creator_handle)} {asked}: send the request again if no code came."
    body = f"{mention(campaign.owner_id)} *{title}*\n{what}"
    blocks: list[Block] = []
    if via_dm_because:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=via_dm_because)]))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=body)))
    if reminder.moved_from is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=moved_note(reminder.moved_from))]))
    if late:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_late_note(reminder, campaign.owner_tz))]))
    text = f"{title}: {escape(campaign.client)} ({escape(campaign.creator_handle)})"
    rendered = [block.to_dict() for block in blocks]
    at = now if now is not None else max(reminder.due_at, reminder.updated_at or reminder.due_at)
    expires_at = chain_expiry or (authorization.expires_at if authorization is not None else None)
    snoozes = snoozes_for(kind, at, campaign.owner_tz, schedule.local_time, expires_at, schedule.working_week)
    rendered.append(_buttons(kind, reminder.id, snoozes, state))
    return Rendered(text=text, blocks=rendered)


def _buttons(kind: Kind, reminder_id: int, snoozes: Snoozes, state: RenewalState = RenewalState.NONE) -> dict:
    """The kind's buttons for this reminder: its checked template with the reminder's id put in.

    Building and checking the buttons with slack_sdk.models is most of the cost of a reminder,
    and they differ from one reminder to the next only by the id (a few digits, far inside
    Slack's limits on block ids and button values) and the snoozes offered. So each is built once.
    """
    template = _buttons_template(kind, snoozes, state)
    value = str(reminder_id)
    return {
        **template,
        "block_id": f"{REMINDER_BLOCK}{value}",
        "elements": [{**element, "value": value} for element in template["elements"]],
    }


def _elements(
    kind: Kind, reminder_id: int, snoozes: Snoozes, state: RenewalState = RenewalState.NONE
) -> list[ButtonElement]:
    elements = []
    for action in buttons_for(kind, state):
        if action is ReminderAction.SNOOZE_HOUR and not snoozes.hour:
            continue
        if action is ReminderAction.SNOOZE_MORNING and not snoozes.morning:
            continue
        label = snoozes.morning if action is ReminderAction.SNOOZE_MORNING else label_for(kind, action)
        elements.append(_button(action, reminder_id, label))
    return elements


@cache
def _buttons_template(kind: Kind, snoozes: Snoozes, state: RenewalState) -> dict:
    return ActionsBlock(block_id=f"{REMINDER_BLOCK}0", elements=_elements(kind, 0, snoozes, state)).to_dict()


def closed_blocks(original_blocks: list[dict], note: str) -> list[dict]:
    """The reminder as it was, its buttons replaced by who handled it: nothing can be pressed twice."""
    kept = [block for block in original_blocks if block.get("type") != "actions"]
    return [*kept, ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()]


def handled_note(action_text: str, user_id: str, at: datetime, timezone: str) -> str:
    return f"✅ {action_text} by {mention(user_id)}, {moment_token(at, timezone)}."
