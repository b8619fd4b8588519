"""The campaign's summary message lists its reminders with their times, and stays true as they change."""

import re
from datetime import date, timedelta

from bot.core.vocabulary import TITLES
from bot.slack.ids import ReminderAction as Button
from tests.support.flights import (
    as_delivered,
    authorizations,
    click,
    date_tokens,
    handled,
    instant,
    message_now,
    open_modal,
    posted,
    record_flight,
    reminder,
    reminders_of,
    run_at,
    summary_updates,
)
from tests.support.harness import CHANNEL

# How the summary marks what became of a reminder; an upcoming one has no mark.
MARKS = {"done": " ✓ done", "sent": " · sent", "skipped": " · skipped", "failed": " · :x: couldn't be delivered"}


def listed(message: dict) -> list[tuple[int, str, str]]:
    """The (time, title, what became of it) of each reminder the summary message lists."""
    section = next(
        b["text"]["text"] for b in message["blocks"] if b.get("text", {}).get("text", "").startswith("*Reminders*")
    )
    lines = re.findall(r"^• <!date\^(\d+)\^[^>]*>: (.+)$", section, re.M)
    return [(int(when), *_title_and_state(rest)) for when, rest in lines]


def _title_and_state(rest: str) -> tuple[str, str]:
    for state, mark in MARKS.items():
        if mark in rest:
            return rest[: rest.index(mark)], state
    return rest, "upcoming"


def summary_now(flightdeck, campaign) -> dict:
    return message_now(flightdeck, campaign.channel_id, campaign.message_ts)


def live_reminders(flightdeck, campaign) -> list[tuple[int, str, str]]:
    """What the summary should list: every reminder not cancelled, in due order, with what became of it."""
    state = {"pending": "upcoming", "claimed": "upcoming"}
    return [
        (instant(r.due_at), TITLES[r.kind], state.get(r.status, r.status))
        for r in reminders_of(flightdeck, campaign)
        if r.status != "cancelled"
    ]


def reminders_section(message: dict) -> str:
    return next(b["text"]["text"] for b in message["blocks"] if "*Reminders*" in b.get("text", {}).get("text", ""))


def act(flightdeck, campaign, message, action):
    updates = len(summary_updates(flightdeck, campaign))
    handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, action))
    assert len(summary_updates(flightdeck, campaign)) == updates + 1


def test_the_summary_lists_every_planned_reminder_with_its_time(flightdeck):
    campaign = record_flight(flightdeck, spark=True)

    summary = posted(flightdeck.emulator.posts(CHANNEL)[0])

    assert summary["ts"] == campaign.message_ts
    assert listed(summary) == live_reminders(flightdeck, campaign)
    assert len(listed(summary)) == 7


def test_renewing_the_code_redraws_the_summary_with_the_new_expiry_and_code_reminders(flightdeck):
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 20))
    renew = reminder(flightdeck, campaign, "code.renew")
    run_at(flightdeck, renew.due_at)
    before = listed(summary_now(flightdeck, campaign))
    _, view = open_modal(flightdeck, as_delivered(flightdeck, renew), CHANNEL, Button.CODE_RENEWED)

    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {"renew_issued_on": "2026-11-27"}))

    summary = summary_now(flightdeck, campaign)
    assert listed(summary) == live_reminders(flightdeck, campaign) != before
    [authorization] = authorizations(flightdeck, campaign)
    codes = next(b["text"]["text"] for b in summary["blocks"] if "*Spark codes*" in b.get("text", {}).get("text", ""))
    # Until the swap, the old code runs the ad: both expiries show (tests/renewals).
    assert date_tokens(codes) == [instant(renew.due_at + timedelta(hours=72)), instant(authorization.expires_at)]
    assert "new code in, swap pending" in codes


def test_extending_the_flight_redraws_the_summary(flightdeck):
    campaign = record_flight(flightdeck)
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, evaluate.due_at)
    before = listed(summary_now(flightdeck, campaign))
    _, view = open_modal(flightdeck, as_delivered(flightdeck, evaluate), CHANNEL, Button.EXTEND_FLIGHT)

    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {"extend_last_day": "2026-12-10"}))

    assert listed(summary_now(flightdeck, campaign)) == live_reminders(flightdeck, campaign) != before


def test_ending_the_flight_redraws_the_summary(flightdeck):
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 20), code_expires_on=date(2026, 12, 10))
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, evaluate.due_at)

    act(flightdeck, campaign, as_delivered(flightdeck, evaluate), Button.END_FLIGHT)

    summary = summary_now(flightdeck, campaign)
    assert listed(summary) == live_reminders(flightdeck, campaign)
    assert not [title for _, title, _ in listed(summary) if "code" in title.lower()]
    assert "_Flight ended._" in str(summary["blocks"])


def test_marking_the_summary_pulled_redraws_the_summary(flightdeck):
    campaign = record_flight(flightdeck)
    pull = reminder(flightdeck, campaign, "summary.pull")
    run_at(flightdeck, pull.due_at)

    # The button opens the results modal (tests/results); saving its figures marks the summary pulled.
    _, form = open_modal(flightdeck, as_delivered(flightdeck, pull), CHANNEL, Button.SUMMARY_PULLED)
    handled(flightdeck, campaign, lambda: flightdeck.submit(form, {"results_spent": "120"}))

    summary = summary_now(flightdeck, campaign)
    assert listed(summary) == live_reminders(flightdeck, campaign)
    assert TITLES["summary.overdue"] not in [title for _, title, _ in listed(summary)]
    assert "_Flight ended and its summary is pulled: summarized._" in str(summary["blocks"])


def test_snoozing_redraws_the_summary_with_the_new_time(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    renew = reminder(flightdeck, campaign, "code.renew")
    run_at(flightdeck, renew.due_at)

    act(flightdeck, campaign, as_delivered(flightdeck, renew), Button.SNOOZE_HOUR)

    snoozed = reminder(flightdeck, campaign, "code.renew")
    assert (instant(snoozed.due_at), TITLES["code.renew"], "upcoming") in listed(summary_now(flightdeck, campaign))
    assert listed(summary_now(flightdeck, campaign)) == live_reminders(flightdeck, campaign)


def test_a_change_after_reminders_went_out_marks_them_sent_and_the_one_answered_done(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, evaluate.due_at)

    act(flightdeck, campaign, as_delivered(flightdeck, evaluate), Button.DONE)

    states = {title: state for _, title, state in listed(summary_now(flightdeck, campaign))}
    assert states[TITLES[hold.kind]] == "sent"
    assert states[TITLES[evaluate.kind]] == "done"
    assert states[TITLES["summary.pull"]] == "upcoming"


def test_reminders_skipped_after_downtime_are_marked_skipped_with_the_reason(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    expired = reminder(flightdeck, campaign, "code.expired")

    run_at(flightdeck, expired.due_at + timedelta(hours=1))  # back after renew and swap were both due

    summary = summary_now(flightdeck, campaign)
    assert listed(summary) == live_reminders(flightdeck, campaign)
    states = {title: state for _, title, state in listed(summary)}
    assert (states[TITLES["code.renew"]], states[TITLES["code.swap"]]) == ("skipped", "skipped")
    assert states[TITLES["code.expired"]] == "sent"
    assert reminders_section(summary).count(" · skipped: a later one replaced it") == 2


def test_a_reminder_that_could_not_be_delivered_is_marked_so(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    flightdeck.emulator.channel_gone(CHANNEL, "is_archived")  # and the owner can't be reached by DM either
    flightdeck.emulator.fail("conversations.open", error="user_not_found", times=100)

    run_at(flightdeck, hold.due_at)

    assert reminder(flightdeck, campaign, "flight.hold").status == "failed"
    states = {title: state for _, title, state in listed(summary_now(flightdeck, campaign))}
    assert states[TITLES[hold.kind]] == "failed"
