"""After downtime: each missed reminder is sent once and marked late, unless a later one supersedes it."""

from datetime import UTC, date, datetime, timedelta

from tests.support.flights import (
    CHANNEL,
    as_delivered,
    authorizations,
    date_tokens,
    handled,
    instant,
    message_text,
    open_modal,
    posted,
    record_flight,
    reload,
    reminder,
    reminder_id_of,
    reminder_posts,
    reminders_of,
    run_at,
)

# The Spark flight's code reminders fall on 27, 29 and 30 November; the short Promote flight
# (through Thursday 26) has its summary reminders on 28 and 29 November. The bot is down from
# 27 November 04:00 UTC to 30 November 06:00 UTC: three days across all of them.
DOWN_AT = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
BACK_AT = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


def late_due(message: dict) -> list[int]:
    """The instants named by the message's "Late: this was due …" line."""
    return [
        token
        for block in message["blocks"]
        if block["type"] == "context"
        for element in block["elements"]
        if element["text"].startswith(":hourglass: Late: this was due <!date^")
        for token in date_tokens(element["text"])
    ]


def late_notes(message: dict) -> list[str]:
    return [
        element["text"]
        for block in message["blocks"]
        if block["type"] == "context"
        for element in block["elements"]
        if element["text"].startswith(":hourglass: Late:")
    ]


def test_three_days_down_sends_the_latest_of_each_chain_late_and_skips_the_superseded(flightdeck):
    spark = record_flight(flightdeck, spark=True)
    promote = record_flight(flightdeck, last_day=date(2026, 11, 26), client="Sunny Snacks")
    run_at(flightdeck, datetime(2026, 11, 25, 14, 30, tzinfo=UTC))  # both day-2 reminders, on time
    run_at(flightdeck, DOWN_AT)
    on_time = len(reminder_posts(flightdeck))

    report = run_at(flightdeck, BACK_AT)

    expired = reminder(flightdeck, spark, "code.expired")
    overdue = reminder(flightdeck, promote, "summary.overdue")
    evaluate = reminder(flightdeck, spark, "flight.min_reached")
    for row in (expired, overdue, evaluate):
        assert (row.status, row.late) == ("sent", True), row.kind
        assert late_due(as_delivered(flightdeck, row)) == [instant(row.due_at)]
        # Nothing was tried while the bot was away: the note says when it was due, and blames no one.
        [note] = late_notes(as_delivered(flightdeck, row))
        assert note.endswith(">.") and "Slack" not in note
    for row in (
        reminder(flightdeck, spark, "code.renew"),
        reminder(flightdeck, spark, "code.swap"),
        reminder(flightdeck, promote, "summary.pull"),
    ):
        assert row.status == "skipped", row.kind
        assert row.last_error == "superseded by a later reminder"
        assert row.id not in [reminder_id_of(posted(p)) for p in reminder_posts(flightdeck)]
    assert (report.sent, report.skipped) == (3, 3)
    assert len(reminder_posts(flightdeck)) == on_time + 3


def test_after_catch_up_nothing_due_is_left_behind_or_sent_twice(flightdeck):
    spark = record_flight(flightdeck, spark=True)
    promote = record_flight(flightdeck, last_day=date(2026, 11, 26), client="Sunny Snacks")
    run_at(flightdeck, DOWN_AT)

    run_at(flightdeck, BACK_AT)
    posted = len(reminder_posts(flightdeck))
    again = flightdeck.dispatcher.tick()

    due = [r for r in reminders_of(flightdeck, spark) + reminders_of(flightdeck, promote) if r.due_at <= BACK_AT]
    assert {r.status for r in due} <= {"sent", "skipped"}
    assert len([r for r in due if r.status == "sent"]) == posted
    assert again.sent == 0 and len(reminder_posts(flightdeck)) == posted
    assert [r.kind for r in reminders_of(flightdeck, spark) if r.status == "pending"] == [
        "summary.pull",
        "summary.overdue",
    ]


def test_a_missed_reminder_whose_successor_is_not_due_yet_is_sent_late(flightdeck):
    promote = record_flight(flightdeck, last_day=date(2026, 11, 26))
    pull = reminder(flightdeck, promote, "summary.pull")
    overdue = reminder(flightdeck, promote, "summary.overdue")

    run_at(flightdeck, overdue.due_at - timedelta(hours=2))

    assert (reload(flightdeck, pull).status, reload(flightdeck, pull).late) == ("sent", True)
    assert reload(flightdeck, overdue).status == "pending"


def test_a_reminder_only_a_little_late_is_not_marked_late(flightdeck):
    threshold = timedelta(seconds=flightdeck.settings.dispatch.late_after_seconds)
    campaign = record_flight(flightdeck, spark=True)
    hold = reminder(flightdeck, campaign, "flight.hold")
    renew = reminder(flightdeck, campaign, "code.renew")

    run_at(flightdeck, hold.due_at + threshold - timedelta(minutes=1))
    run_at(flightdeck, renew.due_at + threshold + timedelta(minutes=1))

    hold, renew = reload(flightdeck, hold), reload(flightdeck, renew)
    assert (hold.status, hold.late) == ("sent", False)
    assert "Late:" not in message_text(as_delivered(flightdeck, hold))
    assert (renew.status, renew.late) == ("sent", True)
    assert late_due(as_delivered(flightdeck, renew)) == [instant(renew.due_at)]


def test_a_code_renewed_from_the_expired_reminder_gets_its_own_warnings_again(flightdeck):
    """The old chain's sent reminders must not silence the new code's renew and swap reminders."""
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 31))
    expired = reminder(flightdeck, campaign, "code.expired")
    run_at(flightdeck, expired.due_at)  # on time: renew, swap and expired have all been sent
    assert reload(flightdeck, expired).status == "sent"

    _, view = open_modal(flightdeck, as_delivered(flightdeck, expired), CHANNEL, "reminder_code_renewed")
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {"renew_issued_on": "2026-11-30"}))
    [renewed] = authorizations(flightdeck, campaign)
    new_renew = reminder(flightdeck, campaign, "code.renew", status="pending")
    new_swap = reminder(flightdeck, campaign, "code.swap", status="pending")
    assert new_renew.due_at == renewed.expires_at - timedelta(hours=72)

    run_at(flightdeck, new_renew.due_at)
    run_at(flightdeck, new_swap.due_at)

    assert reload(flightdeck, new_renew).status == "sent"
    assert reload(flightdeck, new_swap).status == "sent"
