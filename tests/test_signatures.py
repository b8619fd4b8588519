"""Only Slack, signed with our secret, recently, for our workspace, gets anything done."""

import time
from urllib.parse import urlencode

from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import PROMOTE_ANSWERS, promote_view
from tests.support.modal import state_values
from tests.support.slack_requests import sign

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
OTHER_TEAM = "T0SOMEONEELSE"


OTHER_CHANNEL = "C0ELSEWHERE"


def intake_command(**kwargs):
    return slack.slash_command("/intake", **{"user_id": OWNER, "channel_id": CHANNEL, **kwargs})


def test_a_request_with_a_bad_signature_is_rejected_and_nothing_happens(flightdeck):
    flightdeck.emulator.reset_calls()

    reply = flightdeck.sender.form(intake_command(), signature="v0=" + "0" * 64)

    assert reply.status == 401
    assert flightdeck.emulator.calls == []
    assert flightdeck.row_counts() == NOTHING


def test_a_request_signed_with_another_secret_is_rejected(flightdeck):
    flightdeck.emulator.reset_calls()
    body = urlencode(intake_command())
    timestamp = int(time.time())

    reply = flightdeck.sender.post(
        body,
        "application/x-www-form-urlencoded",
        timestamp=timestamp,
        signature=sign("not-our-signing-secret", str(timestamp), body),
    )

    assert reply.status == 401
    assert flightdeck.emulator.calls == []


def test_a_submission_with_a_stale_timestamp_is_rejected_and_saves_nothing(flightdeck):
    view = promote_view(flightdeck)
    flightdeck.emulator.reset_calls()
    payload = slack.view_submission(view, state_values(view, PROMOTE_ANSWERS), user_id=OWNER)

    # Correctly signed, but six minutes old: a replay.
    reply = flightdeck.sender.interaction(payload, timestamp=int(time.time()) - 360)

    assert reply.status == 401
    assert flightdeck.emulator.calls == []
    assert flightdeck.row_counts() == NOTHING


def test_the_same_submission_signed_now_is_accepted(flightdeck):
    """The control for the test above: only the timestamp made the difference."""
    view = promote_view(flightdeck)

    reply = flightdeck.sender.interaction(
        slack.view_submission(view, state_values(view, PROMOTE_ANSWERS), user_id=OWNER)
    )

    assert (reply.status, reply.body) == (200, "")
    flightdeck.emulator.wait_for(lambda: flightdeck.row_counts()["campaign"] == 1)


def test_a_valid_request_from_another_workspace_is_ignored(flightdeck):
    flightdeck.emulator.foreign_channels.add(OTHER_CHANNEL)
    flightdeck.emulator.reset_calls()

    reply = flightdeck.sender.form(intake_command(team_id=OTHER_TEAM, channel_id=OTHER_CHANNEL))
    assert reply.status == 200
    # A listener would have opened the modal by the time our own workspace's next /intake is served.
    ours = intake_command()
    flightdeck.sender.form(ours)
    flightdeck.emulator.wait_for_calls("views.open")

    assert [call.args["trigger_id"] for call in flightdeck.emulator.attempts_of("views.open")] == [ours["trigger_id"]]
    assert flightdeck.row_counts() == NOTHING


def test_a_submission_from_another_workspace_saves_nothing(flightdeck):
    view = promote_view(flightdeck)
    flightdeck.emulator.wait_for_calls("users.info")  # the time-zone lookup that follows opening, done
    flightdeck.emulator.reset_calls()

    # The same modal as another installation of the app would send it: installed there, opened by its bot.
    theirs = {**view, "app_installed_team_id": OTHER_TEAM, "bot_id": "B0SOMEONEELSE"}
    reply = flightdeck.sender.interaction(
        slack.view_submission(theirs, state_values(view, PROMOTE_ANSWERS), user_id=OWNER, team_id=OTHER_TEAM)
    )

    assert reply.status == 200
    assert reply.body == ""
    assert flightdeck.row_counts() == NOTHING
    assert flightdeck.emulator.calls == []
