"""The reminder buttons: each acts once, closes its message, says so in the thread and replans."""

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.slack.ids import ReminderAction as Button
from tests.support.flights import (
    all_rows,
    as_delivered,
    authorizations,
    buttons,
    campaign_now,
    choose,
    click,
    date_tokens,
    ephemerals,
    events,
    handled,
    instant,
    message_now,
    message_text,
    modal_after,
    open_modal,
    posted,
    posts_of,
    record_flight,
    reload,
    reminder,
    reminder_id_of,
    reminder_posts,
    reminders_of,
    renewals,
    run_at,
    thread_notes,
)
from tests.support.harness import ADMIN, CHANNEL, OWNER


def delivered(flightdeck, campaign, kind):
    """Bring the clock to the reminder's due time, send it, and return it with its message."""
    row = reminder(flightdeck, campaign, kind)
    run_at(flightdeck, row.due_at)
    return reload(flightdeck, row), as_delivered(flightdeck, row)


def press(flightdeck, campaign, message, action, *, user=OWNER):
    return handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, action, user=user))


def submit(flightdeck, campaign, view, answers, *, user=OWNER):
    return handled(flightdeck, campaign, lambda: flightdeck.submit(view, answers, user=user))


def pending(flightdeck, campaign):
    return [(r.kind, r.due_at) for r in reminders_of(flightdeck, campaign) if r.status == "pending"]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_done_closes_the_reminder_its_message_and_says_so_in_the_thread(flightdeck):
    campaign = record_flight(flightdeck)
    hold, message = delivered(flightdeck, campaign, "flight.hold")

    press(flightdeck, campaign, message, Button.DONE)

    closed = reload(flightdeck, hold)
    assert (closed.status, closed.closed_by) == ("done", OWNER)
    shown = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(shown) == []
    assert f"✅ Done by <@{OWNER}>" in message_text(shown)
    assert "5–7 days" in message_text(shown)  # the reminder itself stays readable
    assert thread_notes(flightdeck, campaign) == [f"✅ <@{OWNER}> marked “Learning phase: don't pull or edit” done."]
    assert events(flightdeck, campaign)[-1].action == "reminder.done"


def test_snooze_one_hour_sends_the_reminder_again_an_hour_later(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    renew, message = delivered(flightdeck, campaign, "code.renew")
    flightdeck.clock.advance(minutes=5)
    pressed_at = flightdeck.now()

    press(flightdeck, campaign, message, Button.SNOOZE_HOUR)

    snoozed = reload(flightdeck, renew)
    assert (snoozed.status, snoozed.due_at) == ("pending", pressed_at + timedelta(hours=1))
    shown = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(shown) == []
    assert f"💤 Snoozed until <!date^{instant(snoozed.due_at)}^" in message_text(shown)
    assert thread_notes(flightdeck, campaign)[-1].startswith(f"💤 <@{OWNER}> snoozed “Ask the creator for a new code”")

    run_at(flightdeck, snoozed.due_at - timedelta(seconds=1))
    assert len(posts_of(flightdeck, renew)) == 1
    run_at(flightdeck, snoozed.due_at)
    again = posts_of(flightdeck, renew)
    assert len(again) == 2
    assert again[-1].args["thread_ts"] == campaign.message_ts
    assert "Late:" not in message_text(posted(again[-1]))
    resent = reload(flightdeck, renew)
    assert (resent.status, resent.slack_ts) == ("sent", again[-1].answer["ts"])


def label(message, action) -> str:
    return next(
        e["text"]["text"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action
    )


def test_the_morning_snooze_is_the_owners_next_0930_not_the_clickers(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    renew, message = delivered(flightdeck, campaign, "code.renew")  # Friday 27 Nov, 00:00 in New York
    assert label(message, Button.SNOOZE_MORNING) == "Today 09:30"

    press(flightdeck, campaign, message, Button.SNOOZE_MORNING, user=ADMIN)  # 07:00 in Helsinki

    snoozed = reload(flightdeck, renew)
    # This morning's 09:30 in New York: not 09:30 in Helsinki, and not a day and a half away.
    assert snoozed.due_at == at(2026, 11, 27, 14, 30)
    assert thread_notes(flightdeck, campaign)[-1].endswith("(09:30 New York time, the owner's).")
    run_at(flightdeck, snoozed.due_at)
    assert reload(flightdeck, renew).status == "sent"
    again = posted(posts_of(flightdeck, renew)[-1])
    assert label(again, Button.SNOOZE_MORNING) == "Tomorrow 09:30"  # sent at 09:30: the next one is tomorrow's


def test_a_snoozed_swap_comes_back_before_its_code_expires_not_after_the_expired_reminder(flightdeck):
    campaign = record_flight(flightdeck, spark=True)  # the code expires Monday 30 Nov, 00:00 in New York
    swap, message = delivered(flightdeck, campaign, "code.swap")  # Sunday 29 Nov, 00:00 in New York
    expired = reminder(flightdeck, campaign, "code.expired")
    flightdeck.clock.advance(minutes=5)

    press(flightdeck, campaign, message, Button.SNOOZE_MORNING)

    assert reload(flightdeck, swap).due_at == at(2026, 11, 29, 14, 30)  # Sunday 09:30, before the expiry
    run_at(flightdeck, at(2026, 11, 29, 14, 30))
    run_at(flightdeck, expired.due_at)
    order = [reminder_id_of(posted(p)) for p in reminder_posts(flightdeck)]
    assert order[-2:] == [swap.id, expired.id]


def test_a_snooze_that_would_land_after_the_code_expires_is_refused_and_nothing_changes(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    _, message = delivered(flightdeck, campaign, "code.swap")  # Sunday 00:00: it reads "Today 09:30"
    flightdeck.clock.set(at(2026, 11, 29, 15, 0))  # pressed at 10:00: the next 09:30 is after the expiry
    before = all_rows(flightdeck)

    press(flightdeck, campaign, message, Button.SNOOZE_MORNING)

    assert all_rows(flightdeck) == before
    [refusal] = ephemerals(flightdeck)
    assert refusal.startswith("That's after the Spark code expires (<!date^")
    assert "Snooze 1 h instead, or renew the code now." in refusal
    assert buttons(message_now(flightdeck, CHANNEL, message["ts"])) == buttons(message)

    flightdeck.clock.set(at(2026, 11, 30, 4, 30))  # 23:30: not even an hour is left
    press(flightdeck, campaign, message, Button.SNOOZE_HOUR)
    assert all_rows(flightdeck) == before
    assert ephemerals(flightdeck)[-1].startswith("The Spark code expires <!date^")


def test_a_swap_sent_late_in_the_morning_offers_no_snooze_past_the_expiry(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    swap = reminder(flightdeck, campaign, "code.swap")
    run_at(flightdeck, at(2026, 11, 29, 15, 0))  # back at 10:00 on Sunday, after downtime

    message = as_delivered(flightdeck, swap)
    assert buttons(message) == [Button.END_FLIGHT, Button.CODE_RENEWED, Button.SNOOZE_HOUR, Button.DONE]


def test_code_renewed_opens_a_modal_and_saving_the_new_expiry_reschedules_the_code_reminders(flightdeck):
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 20))
    renew, message = delivered(flightdeck, campaign, "code.renew")  # Friday 27 Nov
    [authorization] = authorizations(flightdeck, campaign)

    payload, view = open_modal(flightdeck, message, CHANNEL, Button.CODE_RENEWED)
    opened = flightdeck.emulator.calls_to("views.open")[-1]
    assert opened.args["trigger_id"] == payload["trigger_id"]
    assert "never paste the code here" in message_text(view)

    reply = submit(flightdeck, campaign, view, {"renew_issued_on": "2026-11-27", "renew_valid_for": "7"})

    assert (reply.status, reply.body) == (200, "")
    new_expiry = at(2026, 12, 4, 5, 0)  # Friday 4 December, 00:00 in New York
    [renewed] = authorizations(flightdeck, campaign)
    assert renewed.expires_at == new_expiry
    [history] = renewals(flightdeck, authorization.id)
    assert (history.previous_expires_at, history.new_expires_at) == (authorization.expires_at, new_expiry)
    assert history.renewed_by == OWNER
    codes = [(kind, due) for kind, due in pending(flightdeck, campaign) if kind.startswith("code.")]
    # The old code stays in Ads Manager until the swap: its swap and expiry reminders stand (tests/renewals).
    assert codes == [
        ("code.swap", authorization.expires_at - timedelta(hours=24)),
        ("code.expired", authorization.expires_at),
        ("code.renew", new_expiry - timedelta(hours=72)),
        ("code.swap", new_expiry - timedelta(hours=24)),
        ("code.expired", new_expiry),
    ]
    assert (reload(flightdeck, renew).status, reload(flightdeck, renew).closed_by) == ("done", OWNER)
    event = events(flightdeck, campaign)[-1]
    assert (event.action, event.actor, event.detail["expires_at"]) == ("code.renewed", OWNER, new_expiry.isoformat())
    shown = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(shown) == []
    assert "Code renewed (the new code expires" in message_text(shown)
    [note] = thread_notes(flightdeck, campaign)
    assert note.startswith(f"🔑 <@{OWNER}> entered the creator's new code for ad account {authorization.ad_account_id}")
    # The old code runs the ad until the swap: the note says so, and when it lapses.
    assert (
        "the new code expires <!date^" in note
        and "Swap it in Ads Manager; the old code runs the ad until you swap" in note
    )
    assert [instant(new_expiry), instant(authorization.expires_at)] == date_tokens(note)


def test_extend_flight_moves_the_summary_and_adds_code_reminders_the_longer_flight_needs(flightdeck):
    # The code (expiring Thursday 10 December) outlives the flight until it is extended past it.
    campaign = record_flight(flightdeck, spark=True, code_expires_on=date(2026, 12, 10))
    evaluate, message = delivered(flightdeck, campaign, "flight.min_reached")
    assert [kind for kind, _ in pending(flightdeck, campaign)] == ["summary.pull", "summary.overdue"]

    _, view = open_modal(flightdeck, message, CHANNEL, Button.EXTEND_FLIGHT)
    assert view["blocks"][1]["element"]["initial_date"] == "2026-12-06"  # the current last day
    reply = submit(flightdeck, campaign, view, {"extend_last_day": "2026-12-20"})

    assert (reply.status, reply.body) == (200, "")
    assert campaign_now(flightdeck, campaign).end_at == at(2026, 12, 21, 5, 0)
    expiry = at(2026, 12, 10, 5, 0)
    assert pending(flightdeck, campaign) == [
        ("code.renew", expiry - timedelta(hours=72)),
        ("code.swap", expiry - timedelta(hours=24)),
        ("code.expired", expiry),
        ("summary.pull", at(2026, 12, 22, 14, 30)),
        ("summary.overdue", at(2026, 12, 23, 14, 30)),
    ]
    assert reload(flightdeck, evaluate).status == "done"
    assert events(flightdeck, campaign)[-1].action == "flight.extended"
    assert buttons(message_now(flightdeck, CHANNEL, message["ts"])) == []
    assert thread_notes(flightdeck, campaign)[-1].startswith(f"📅 <@{OWNER}> extended the flight through Sun 20 Dec.")


def test_end_flight_now_cancels_what_is_left_and_schedules_the_summary_from_now(flightdeck):
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 20), code_expires_on=date(2026, 12, 10))
    evaluate, message = delivered(flightdeck, campaign, "flight.min_reached")  # Saturday 28 Nov, 09:30
    code_reminders = [r for r in reminders_of(flightdeck, campaign) if r.kind.startswith("code.")]
    assert {r.status for r in code_reminders} == {"pending"}

    pressed_at = flightdeck.now()
    press(flightdeck, campaign, message, Button.END_FLIGHT)

    ended = campaign_now(flightdeck, campaign)
    assert (ended.status, ended.end_at) == ("ended", pressed_at)
    assert {reload(flightdeck, r).status for r in code_reminders} == {"cancelled"}
    # Ended just after Saturday's 09:30: the pull comes at the first 09:30 a full day later.
    assert pressed_at > at(2026, 11, 28, 14, 30)
    assert pending(flightdeck, campaign) == [
        ("summary.pull", at(2026, 11, 30, 14, 30)),
        ("summary.overdue", at(2026, 12, 1, 14, 30)),
    ]
    assert reload(flightdeck, evaluate).status == "done"
    assert events(flightdeck, campaign)[-1].action == "flight.ended"
    assert buttons(message_now(flightdeck, CHANNEL, message["ts"])) == []
    [note] = thread_notes(flightdeck, campaign)
    assert note.startswith(f"⏹ <@{OWNER}> ended the flight now. Summary pull reminder: <!date^")
    assert instant(at(2026, 11, 30, 14, 30)) in date_tokens(note)


@pytest.mark.parametrize(
    ("spark", "kind", "action", "note"),
    [
        (False, "flight.hold", Button.DONE, "Done by"),
        (True, "code.renew", Button.SNOOZE_HOUR, "Snoozed until"),
        (True, "code.renew", Button.SNOOZE_MORNING, "Snoozed until"),
        (False, "flight.min_reached", Button.END_FLIGHT, "Flight ended by"),
    ],
)
def test_pressing_the_same_button_twice_does_nothing_more(flightdeck, spark, kind, action, note):
    campaign = record_flight(flightdeck, spark=spark)
    _, message = delivered(flightdeck, campaign, kind)
    press(flightdeck, campaign, message, action)
    before = all_rows(flightdeck)
    notes = thread_notes(flightdeck, campaign)

    # The person's client still shows the message as it was, buttons and all.
    press(flightdeck, campaign, message, action)

    [refusal] = ephemerals(flightdeck)
    assert "already" in refusal
    assert all_rows(flightdeck) == before
    assert thread_notes(flightdeck, campaign) == notes
    assert note in message_text(message_now(flightdeck, CHANNEL, message["ts"]))


@pytest.mark.parametrize("action", [Button.CODE_RENEWED, Button.EXTEND_FLIGHT])
def test_a_button_that_opens_a_modal_says_so_when_its_reminder_was_already_handled(flightdeck, action):
    campaign = record_flight(flightdeck, spark=True, code_expires_on=date(2026, 11, 30))
    kind = "code.expired" if action is Button.CODE_RENEWED else "flight.min_reached"
    _, message = delivered(flightdeck, campaign, kind)
    press(flightdeck, campaign, message, Button.DONE)
    before = all_rows(flightdeck)

    _, view = open_modal(flightdeck, message, CHANNEL, action)

    assert view.get("submit") is None
    assert "already handled" in message_text(view)
    assert all_rows(flightdeck) == before


# -- the modals refuse bad dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        (
            {"renew_issued_on": "2026-11-27", "renew_expires_on": "2026-11-20"},
            {"renew_expires_on": "The code can't expire before it was issued."},
        ),
        (
            {"renew_issued_on": "2026-11-20", "renew_expires_on": "2026-11-26"},
            {"renew_expires_on": "That date has passed: pick a later expiry."},
        ),
        (
            {"renew_issued_on": "2026-11-20", "renew_valid_for": "7"},
            {"renew_expires_on": "That date has passed: pick a later expiry."},
        ),
    ],
)
def test_the_renewal_modal_refuses_an_impossible_expiry(flightdeck, answers, error):
    campaign = record_flight(flightdeck, spark=True)
    _, message = delivered(flightdeck, campaign, "code.renew")  # Friday 27 Nov in New York
    _, view = open_modal(flightdeck, message, CHANNEL, Button.CODE_RENEWED)
    before = all_rows(flightdeck)

    reply = flightdeck.submit(view, answers)

    assert reply.json() == {"response_action": "errors", "errors": error}
    assert all_rows(flightdeck) == before


@pytest.mark.parametrize("last_day", ["2026-11-30", "2026-11-29"])
def test_the_extend_modal_wants_a_day_after_the_current_last_day(flightdeck, last_day):
    campaign = record_flight(flightdeck)  # through Monday 30 November
    _, message = delivered(flightdeck, campaign, "flight.min_reached")
    _, view = open_modal(flightdeck, message, CHANNEL, Button.EXTEND_FLIGHT)
    before = all_rows(flightdeck)

    reply = flightdeck.submit(view, {"extend_last_day": last_day})

    assert reply.json() == {
        "response_action": "errors",
        "errors": {"extend_last_day": "Pick a day after the current last day."},
    }
    assert all_rows(flightdeck) == before


# -- a reminder the flight has moved on from ------------------------------------------------------------------


@pytest.mark.parametrize("action", [Button.SNOOZE_HOUR, Button.SNOOZE_MORNING])
def test_snoozing_a_reminder_the_flight_moved_on_from_is_refused_and_nothing_changes(flightdeck, action):
    campaign = record_flight(flightdeck)  # through Monday 30 November
    pull, message = delivered(flightdeck, campaign, "summary.pull")
    # The flight is extended from its menu: this pull belongs to the old last day.
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "extend"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"extend_last_day": "2026-12-10"}))
    before = all_rows(flightdeck)
    notes = thread_notes(flightdeck, campaign)

    press(flightdeck, campaign, message, action)

    assert ephemerals(flightdeck) == ["This reminder no longer applies: the flight changed since."]
    assert all_rows(flightdeck) == before
    assert reload(flightdeck, pull).status == "sent"
    assert thread_notes(flightdeck, campaign) == notes
    shown = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(shown) == []
    assert "no longer applies" in message_text(shown) and "Snoozed" not in message_text(shown)
