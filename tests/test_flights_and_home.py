"""/flights lists active flights ephemerally; the App Home shows the user's tracker."""

from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.intake import POST

SPARK = {
    "ownership": "brand",
    "creator_handle": "@maria.cooks",
    "client": "GlowCo",
    "objective_spark": "Conversions",
    "budget_amount": "500",
    "organic_traction": "proven",
    "market": "us",
    "account_type": "creator",
    "ad_account_0": "7012345678901234567",
    # A 7-day code on a two-week flight: it lapses mid-flight, so the code tracker lists it.
    "flight_end": "2026-12-06",
    "code_valid_days_0": "7",
}


def record_spark(flightdeck, channel=CHANNEL, user=OWNER):
    view = flightdeck.open_intake(POST, user=user, channel=channel)
    view = flightdeck.change(view, {"ownership": "brand"}, dispatch="ownership", user=user)
    view = flightdeck.change(view, {**SPARK, "owner": user}, dispatch="flight_end", user=user)
    assert flightdeck.submit(view, {**SPARK, "owner": user}, user=user).body == ""
    flightdeck.emulator.wait_for(lambda: all(c.message_ts for c in flightdeck.campaigns()))


def replies(flightdeck):
    return flightdeck.emulator.attempts_of("response_url")


def test_flights_lists_this_channels_active_flights_ephemerally(flightdeck):
    record_spark(flightdeck)
    flightdeck.slash("/flights")
    [reply] = flightdeck.emulator.wait_for(lambda: replies(flightdeck))
    assert reply.args["response_type"] == "ephemeral"
    text = str(reply.args["blocks"])
    assert "GlowCo" in text and "Spark Ads" in text and "<@U0OWNER>" in text
    assert "Mon 23 Nov → Sun 6 Dec (14 days)" in text  # the owner's calendar days, not date tokens
    assert "Ask the creator for a new code" not in text  # the next reminder is day 2's hold
    assert "Learning phase: don't pull or edit" in text


def test_flights_in_another_channel_and_mine(flightdeck):
    record_spark(flightdeck)
    flightdeck.slash("/flights", channel="C0OTHER")
    flightdeck.emulator.wait_for(lambda: replies(flightdeck))
    assert "No active flights in this channel" in replies(flightdeck)[-1].args["text"]
    flightdeck.slash("/flights", "mine", user=TEAMMATE, channel="C0OTHER")
    flightdeck.emulator.wait_for(lambda: len(replies(flightdeck)) == 2)
    assert "You have no active flights" in replies(flightdeck)[-1].args["text"]
    flightdeck.slash("/flights", "mine", channel="C0OTHER")
    flightdeck.emulator.wait_for(lambda: len(replies(flightdeck)) == 3)
    assert "GlowCo" in str(replies(flightdeck)[-1].args["blocks"])


def test_flights_help_and_unknown_words(flightdeck):
    flightdeck.slash("/flights", "help")
    flightdeck.emulator.wait_for(lambda: replies(flightdeck))
    assert "/flights mine" in replies(flightdeck)[-1].args["text"]
    flightdeck.slash("/flights", "yesterday")
    flightdeck.emulator.wait_for(lambda: len(replies(flightdeck)) == 2)
    assert "I don't know “/flights yesterday”" in replies(flightdeck)[-1].args["text"]


def test_app_home_shows_codes_next_reminders_and_failures(flightdeck):
    record_spark(flightdeck)
    flightdeck.emulator.channel_gone(CHANNEL, "is_archived")
    flightdeck.emulator.fail("conversations.open", error="user_not_found", times=100)
    flightdeck.clock.advance(days=2)
    flightdeck.dispatcher.tick()  # the day-2 reminder can reach no one: it fails
    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"})
    [published] = flightdeck.emulator.wait_for_calls("views.publish")
    assert published.args["user_id"] == OWNER
    text = str(published.args["view"])
    assert "Needs attention" in text and "never reached Slack" in text
    assert "7012345678901234567" in text and "valid until" in text
    assert "Next reminders" in text and "Ask the creator for a new code" in text
    assert len(published.args["view"]["blocks"]) <= 100


def test_app_home_for_someone_with_no_flights(flightdeck):
    flightdeck.sender.event({"type": "app_home_opened", "user": TEAMMATE, "channel": "D0TEAM", "tab": "home"})
    [published] = flightdeck.emulator.wait_for_calls("views.publish")
    assert "You have no active flights" in str(published.args["view"])
