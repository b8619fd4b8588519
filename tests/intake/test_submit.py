"""A valid submit records the campaign and posts its summary, in the channel or, failing that, by DM."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.intake import POST, PROMOTE_ANSWERS, SPARK_ANSWERS, TODAY, promote_view, spark_view
from tests.support.modal import block, texts

PROMOTE_REASONS = [
    "the creator owns the data and sees it in their app",
    "every check is no, so Promote is fine and faster",
]


def token(instant: datetime) -> str:
    return f"<!date^{int(instant.timestamp())}^"


def recorded(flightdeck):
    """The one campaign, once its summary's channel and ts are stored."""
    flightdeck.emulator.wait_for(lambda: flightdeck.campaigns() and flightdeck.campaigns()[0].message_ts)
    [campaign] = flightdeck.campaigns()
    return campaign


def test_a_promote_submit_records_the_campaign_and_posts_its_summary(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)
    assert block(view, "owner")["element"]["initial_user"] == OWNER
    short = {**PROMOTE_ANSWERS, "flight_end": (TODAY + timedelta(days=3)).isoformat()}

    view = flightdeck.change(view, short, dispatch="flight_end")  # picking the date shows its warning
    reply = flightdeck.submit(view, short)

    assert (reply.status, reply.body) == (200, "")
    campaign = recorded(flightdeck)
    assert (campaign.tool, campaign.ownership, campaign.owner_id, campaign.created_by) == (
        "promote",
        "creator",
        OWNER,
        OWNER,
    )
    assert campaign.answers["checks"] == [] and campaign.answers["organic_traction"] == "proven"
    assert campaign.decision_reasons == PROMOTE_REASONS
    assert [w["code"] for w in campaign.warnings] == ["short_flight"]
    assert (campaign.client, campaign.creator_handle, campaign.post_url) == ("GlowCo", "@maria.cooks", POST)
    assert (campaign.objective, campaign.market, campaign.account_type) == ("Profile visits", "us", "creator")
    assert (campaign.budget_amount, campaign.budget_currency, campaign.budget_type) == (50, "USD", "daily")
    # The flight runs from the owner's midnight on the first day to the midnight after the last.
    assert campaign.owner_tz == "America/New_York"
    assert campaign.start_at == datetime(2026, 11, 23, 5, tzinfo=UTC)
    assert campaign.end_at == datetime(2026, 11, 27, 5, tzinfo=UTC)
    assert flightdeck.authorizations() == []
    assert {r.kind for r in flightdeck.reminders()} >= {"flight.hold", "summary.pull", "summary.overdue"}
    [event] = flightdeck.events()
    assert (event.action, event.campaign_id, event.detail) == (
        "campaign.recorded",
        campaign.id,
        {"tool": "promote", "warnings": ["short_flight"]},
    )

    [post] = flightdeck.emulator.posts()
    assert (campaign.channel_id, campaign.message_ts) == (CHANNEL, post.answer["ts"])
    assert post.answer["channel"] == CHANNEL
    summary = texts(post.answer["message"]["blocks"])
    assert "Promote: GlowCo" in summary
    assert "*Why Promote:* " + "; ".join(PROMOTE_REASONS) in summary
    assert "A 4-day flight is too short" in summary
    # The owner's first and last day as plain dates (a day is not an instant), and when the flight
    # starts and stops as tokens, which every reader sees in their own time zone.
    assert "Mon 23 Nov → Thu 26 Nov (4 days)" in summary
    assert token(campaign.start_at) in summary
    assert token(campaign.end_at - timedelta(minutes=1)) in summary
    assert f"<@{OWNER}>" in summary
    assert "GlowCo" in summary and "@maria.cooks" in summary


def test_a_spark_submit_records_one_authorization_per_ad_account_at_the_owners_midnight(flightdeck_any):
    flightdeck = flightdeck_any
    view = spark_view(flightdeck)
    view = flightdeck.change(view, {"checks": ["paid_partnership"]}, dispatch="checks")
    view = flightdeck.press_in_modal(view, "add_ad_account")
    answers = {
        **SPARK_ANSWERS,
        "checks": ["paid_partnership"],
        "owner": TEAMMATE,  # in Paris: the dates are read in Paris time
        "code_issued_0": "2026-11-20",
        "code_valid_days_0": "60",
        "ad_account_1": "7098765432109876543",
        "code_expires_1": "2026-11-28",  # before the flight ends: renewal reminders
    }

    view = flightdeck.change(view, answers, dispatch="code_expires_1")  # the lapsing code's warning shows
    reply = flightdeck.submit(view, answers)

    assert (reply.status, reply.body) == (200, "")
    campaign = recorded(flightdeck)
    assert (campaign.tool, campaign.owner_id, campaign.created_by, campaign.owner_tz) == (
        "spark",
        TEAMMATE,
        OWNER,
        "Europe/Paris",
    )
    assert campaign.start_at == datetime(2026, 11, 22, 23, tzinfo=UTC)
    assert campaign.decision_reasons[0] == "the brand owns the conversion data, and that data lives in Ads Manager"
    assert "a brand pays the creator for this post: it runs with the branded-content toggle on" in (
        campaign.decision_reasons
    )
    assert [w["code"] for w in campaign.warnings] == ["code_expires_in_flight", "partnership_without_disclosure"]
    assert [(a.ad_account_id, a.post_url, a.expires_at, a.campaign_id) for a in flightdeck.authorizations()] == [
        # issued 20 Nov, valid 60 days: 19 Jan, from Paris midnight
        ("7012345678901234567", POST, datetime(2027, 1, 18, 23, tzinfo=UTC), campaign.id),
        # the explicit expiry
        ("7098765432109876543", POST, datetime(2026, 11, 27, 23, tzinfo=UTC), campaign.id),
    ]
    expiring = flightdeck.authorizations()[1]
    code_reminders = {(r.kind, r.authorization_id) for r in flightdeck.reminders() if r.kind.startswith("code.")}
    assert code_reminders == {(kind, expiring.id) for kind in ("code.renew", "code.swap", "code.expired")}
    assert [e.action for e in flightdeck.events()] == ["campaign.recorded"]
    assert any(call.args.get("user") == TEAMMATE for call in flightdeck.emulator.calls_to("users.info"))

    [post] = flightdeck.emulator.posts(CHANNEL)
    assert campaign.message_ts == post.answer["ts"]
    summary = texts(post.answer["message"]["blocks"])
    assert "Spark Ads: GlowCo" in summary and "*Why Spark Ads:* the brand owns the conversion data" in summary
    assert f"<@{TEAMMATE}>" in summary
    assert "7012345678901234567" in summary and "7098765432109876543" in summary
    for authorization in flightdeck.authorizations():
        assert token(authorization.expires_at) in summary
    assert "will the ad have the branded-content toggle on?" in summary


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("not_in_channel", "I'm not a member of the channel (invite me with `/invite @Flightdeck`)"),
        ("channel_not_found", "the channel is gone, or it's private and I'm not in it"),
    ],
)
def test_when_the_channel_refuses_the_summary_goes_to_the_submitter_by_dm(flightdeck, error, reason):
    flightdeck.emulator.channel_gone(CHANNEL, error)
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, PROMOTE_ANSWERS)

    assert (reply.status, reply.body) == (200, "")
    campaign = recorded(flightdeck)
    [opened] = flightdeck.emulator.calls_to("conversations.open")
    assert opened.args["users"] == OWNER
    dm = opened.answer["channel"]["id"]
    [post] = flightdeck.emulator.posts(dm)
    summary = texts(post.answer["message"]["blocks"])
    assert f"couldn't post it in <#{CHANNEL}>: {reason}" in summary
    assert "Promote: GlowCo" in summary
    assert (campaign.channel_id, campaign.message_ts) == (dm, post.answer["ts"])
    assert flightdeck.emulator.posts(CHANNEL) == []


def test_a_passing_slack_failure_is_retried_and_the_summary_lands_in_the_channel(flightdeck):
    flightdeck.emulator.fail("chat.postMessage", status=503, times=2)
    view = promote_view(flightdeck)

    assert flightdeck.submit(view, PROMOTE_ANSWERS).body == ""

    campaign = recorded(flightdeck)
    assert campaign.channel_id == CHANNEL
    assert len(flightdeck.emulator.attempts_of("chat.postMessage")) == 3
    assert flightdeck.emulator.calls_to("conversations.open") == []


def test_when_someone_records_a_flight_for_a_teammate_in_a_refusing_channel_the_owner_gets_the_reminders(
    flightdeck,
):
    flightdeck.emulator.channel_gone(CHANNEL, "not_in_channel")
    view = promote_view(flightdeck)

    assert flightdeck.submit(view, {**PROMOTE_ANSWERS, "owner": TEAMMATE}).body == ""

    [told] = flightdeck.emulator.wait_for_calls("chat.postMessage")
    assert told.answer["channel"] == "D" + OWNER[1:]  # the person who recorded it hears why
    assert f"Its reminders will arrive by DM to <@{TEAMMATE}>, who owns the flight." in texts(
        told.answer["message"]["blocks"]
    )
    [campaign] = flightdeck.campaigns()
    assert campaign.channel_id is None  # no thread of the owner's to live in

    hold = next(r for r in flightdeck.reminders() if r.kind == "flight.hold")
    flightdeck.clock.set(hold.due_at)
    flightdeck.dispatcher.tick()
    reminder = flightdeck.emulator.posts("D" + TEAMMATE[1:])
    assert len(reminder) == 1 and f"<@{TEAMMATE}>" in str(reminder[0].args["blocks"])
