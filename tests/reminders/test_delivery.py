"""Reminders reach the campaign's thread when due, once, saying what to do and why."""

from datetime import UTC, datetime, timedelta

from bot.reminders import dispatcher as dispatcher_module
from bot.reminders.delivery import channel_key
from bot.slack.ids import ReminderAction as Button
from bot.slack.text import escape
from storage import reminders as store
from tests.support.flights import (
    as_delivered,
    campaign_now,
    choose,
    date_tokens,
    handled,
    instant,
    message_text,
    open_modal,
    post_of,
    posted,
    posts_of,
    record_flight,
    reload,
    reminder,
    reminder_posts,
    reminders_of,
    run_at,
)
from tests.support.flights import buttons as buttons_of
from tests.support.harness import CHANNEL, OWNER
from tests.support.slack_emulator import TEAM_ID

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

SNOOZES = [Button.SNOOZE_HOUR, Button.SNOOZE_MORNING]
TOKYO_OWNER = "U0TOKYO"

# What each kind says (docs/schedule.md's "says" column) and the buttons it carries.
SPARK_KINDS = {
    "flight.hold": (["started Mon 23 Nov", "don't pull or edit", "5–7 days", "learning phase"], [Button.DONE]),
    "flight.min_reached": (
        ["minimum 5 days", "Check it now", "extend it if it's working, or end it early"],
        [Button.EXTEND_FLIGHT, Button.END_FLIGHT, Button.DONE],
    ),
    "code.renew": (
        [
            "Spark code for ad account 7012345678901234567",
            "expires <!date^",
            f"Ask {MARIA} for a new code now: a TikTok code can't be extended, only replaced.",
        ],
        [Button.ASK_CREATOR, Button.CODE_RENEWED, *SNOOZES, Button.DONE],
    ),
    # Nothing asked nor entered yet: the swap says so and offers to end the flight (tests/renewals for the rest).
    "code.swap": (
        ["expires <!date^", "The creator hasn't sent a new code", "pause: end the flight"],
        [Button.END_FLIGHT, Button.CODE_RENEWED, *SNOOZES, Button.DONE],
    ),
    "code.expired": (
        ["expired", "stopped delivering", "no visible error", "not delivering"],
        [Button.CODE_RENEWED, Button.END_FLIGHT, Button.DONE],
    ),
    "summary.pull": (
        [
            "had its last day Sun 6 Dec",
            "Pull the post-campaign summary now, 24 h–48 h after the end",
            "TikTok Ads Manager",
        ],
        [Button.SUMMARY_PULLED, *SNOOZES],
    ),
    "summary.overdue": (
        # The title and the body say the same: at 48 h the window has closed.
        [
            "*Summary window closed: pull it now*",
            "24 h–48 h window",
            "has closed (its last day was Sun 6 Dec)",
            "TikTok Ads Manager",
        ],
        [Button.SUMMARY_PULLED, *SNOOZES],
    ),
}


def test_each_kind_is_a_reply_in_the_thread_that_mentions_the_owner_and_says_what_to_do(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    planned = reminders_of(flightdeck, campaign)
    assert [r.kind for r in planned] == [
        "flight.hold",
        "code.renew",
        "flight.min_reached",
        "code.swap",
        "code.expired",
        "summary.pull",
        "summary.overdue",
    ]
    [authorization_expiry] = {r.due_at for r in planned if r.kind == "code.expired"}

    for row in planned:
        run_at(flightdeck, row.due_at)

        post = post_of(flightdeck, row)
        message = posted(post)
        text = message_text(message)
        says, buttons = SPARK_KINDS[row.kind]
        assert post.args["channel"] == CHANNEL
        assert message["thread_ts"] == campaign.message_ts
        assert f"<@{OWNER}>" in text
        for words in says:
            assert words in text, (row.kind, words)
        assert buttons_of(message) == buttons
        assert all(
            e["value"] == str(row.id) for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        )
        assert "Late:" not in text
        sent = reload(flightdeck, row)
        assert (sent.status, sent.slack_channel, sent.slack_ts) == ("sent", CHANNEL, message["ts"])
        if row.kind.startswith("code."):
            assert instant(authorization_expiry) in date_tokens(text)
        if not row.kind.startswith("code."):
            # Calendar days are the owner's, in plain words: a `<!date>` token would shift them for readers elsewhere.
            assert date_tokens(text) == []

    assert len(reminder_posts(flightdeck)) == len(planned)


def test_promote_summary_reminder_says_to_ask_the_creator_because_the_data_is_in_their_app(flightdeck):
    campaign = record_flight(flightdeck)
    pull = reminder(flightdeck, campaign, "summary.pull")

    run_at(flightdeck, pull.due_at)

    text = message_text(as_delivered(flightdeck, pull))
    assert f"Promote data lives in the creator's app, so ask {MARIA} for the summary." in text
    assert "Ads Manager" not in text


def test_nothing_is_sent_before_it_is_due(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    hold = reminder(flightdeck, campaign, "flight.hold")

    run_at(flightdeck, hold.due_at - timedelta(seconds=1))

    assert reminder_posts(flightdeck) == []
    assert {r.status for r in reminders_of(flightdeck, campaign)} == {"pending"}

    run_at(flightdeck, hold.due_at)
    assert [posted(post)["text"] for post in reminder_posts(flightdeck)] == [
        f"Learning phase: don't pull or edit: GlowCo ({MARIA})"
    ]


def test_a_reminder_is_sent_once_however_often_the_dispatcher_runs(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")

    run_at(flightdeck, hold.due_at)
    again = flightdeck.dispatcher.tick()
    later = run_at(flightdeck, hold.due_at + timedelta(hours=1))

    assert len(reminder_posts(flightdeck)) == 1
    assert again.sent == later.sent == 0
    assert reload(flightdeck, hold).status == "sent"


def test_a_date_edit_racing_a_claim_sends_the_new_reminder_not_the_old(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)  # through Monday 30 November
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, evaluate.due_at)
    old_pull = reminder(flightdeck, campaign, "summary.pull")
    flightdeck.clock.set(old_pull.due_at)
    token = "dispatcher-mid-tick"
    claimed = store.claim_due(
        flightdeck.database, team_id=TEAM_ID, now=old_pull.due_at, lease=timedelta(minutes=2), limit=50, token=token
    )
    assert claimed == [old_pull.id]

    # While the claim is held, the owner extends the flight through a week with the Extend flight modal.
    message = as_delivered(flightdeck, evaluate)
    _, view = open_modal(flightdeck, message, CHANNEL, Button.EXTEND_FLIGHT)
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {"extend_last_day": "2026-12-07"}))
    # The dispatcher that made the claim carries on delivering its batch.
    report = flightdeck.dispatcher.deliver_claimed(token, claimed)

    assert report.sent == 0
    assert posts_of(flightdeck, old_pull) == []
    assert reload(flightdeck, old_pull).status == "cancelled"
    new_pull = reminder(flightdeck, campaign, "summary.pull", status="pending")
    assert new_pull.due_at == datetime(2026, 12, 9, 14, 30, tzinfo=UTC)  # Wednesday 09:30 in New York
    run_at(flightdeck, new_pull.due_at)
    assert reload(flightdeck, new_pull).status == "sent"
    assert post_of(flightdeck, new_pull).args["thread_ts"] == campaign.message_ts
    assert posts_of(flightdeck, old_pull) == []


def test_calendar_days_read_as_the_owners_for_readers_half_a_world_away(flightdeck):
    # The owner is in Tokyo; their teammates read the thread in New York, 14 hours behind. A token
    # pointing at Tokyo's Monday noon would read "Sunday" for them.
    flightdeck.emulator.add_user(TOKYO_OWNER, tz="Asia/Tokyo")
    campaign = record_flight(flightdeck, owner=TOKYO_OWNER)
    assert campaign.owner_tz == "Asia/Tokyo"
    hold = reminder(flightdeck, campaign, "flight.hold")
    pull = reminder(flightdeck, campaign, "summary.pull")

    run_at(flightdeck, hold.due_at)
    run_at(flightdeck, pull.due_at)

    hold_text = message_text(as_delivered(flightdeck, hold))
    pull_text = message_text(as_delivered(flightdeck, pull))
    assert "started Mon 23 Nov:" in hold_text
    assert "had its last day Mon 30 Nov." in pull_text
    assert date_tokens(hold_text) == date_tokens(pull_text) == []


def test_a_reminder_replanned_away_after_it_was_claimed_and_loaded_is_not_sent(flightdeck_any, monkeypatch):
    # The dispatcher's last check: between loading its claimed reminders and sending each, the
    # owner ends the flight, whose replan cancels the claimed "evaluate" reminder. It must not go out.
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, reminder(flightdeck, campaign, "flight.hold").due_at)
    loaded = []

    def channel_key_after_the_flight_ended(item):
        if not loaded:
            loaded.append(item.reminder.id)
            handled(flightdeck, campaign, lambda: choose(flightdeck, campaign, "end"))
        return channel_key(item)

    monkeypatch.setattr(dispatcher_module, "channel_key", channel_key_after_the_flight_ended)
    report = run_at(flightdeck, evaluate.due_at)

    assert loaded == [evaluate.id]  # it was claimed and loaded before the flight ended
    assert campaign_now(flightdeck, campaign).status == "ended"
    assert (report.sent, report.lost_claims) == (0, 1)
    assert posts_of(flightdeck, evaluate) == []
    assert reload(flightdeck, evaluate).status == "cancelled"
