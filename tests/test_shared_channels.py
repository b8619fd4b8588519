"""Slack Connect and Enterprise Grid: whose request it is decides whose records it touches.

A client's account manager, of the client's own organisation, works in a channel the client
shares with the agency. Their flights are the agency's: recorded under our workspace, reminded in
their thread, listed by /flights, changeable by them. Requests for a workspace Flightdeck isn't
installed in — another workspace of the same Grid org, another installation of the app — do
nothing at all.
"""

from __future__ import annotations

import pytest

from bot.slack.ids import ReminderAction as Button
from bot.slack.workspace import ChannelVisibility, Installation, OnlyOurInstallation
from tests.support import slack_requests as slack
from tests.support.flights import (
    as_delivered,
    choose,
    click,
    handled,
    message_text,
    record_flight,
    reload,
    reminder,
    run_at,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import PROMOTE_ANSWERS, promote_view
from tests.support.modal import state_values
from tests.support.slack_emulator import BOT_ID, TEAM_ID

CLIENT_TEAM = "T0GLOWCO"  # the client's own organisation
CLIENT_AM = "U0CLIENTAM"  # their account manager, working from Rome
GRID = "E0ACMEGROUP"
SISTER_TEAM = "T0SISTER"  # another workspace of the agency's Grid org, where Flightdeck isn't installed
SISTER_CHANNEL = "C0SISTER"
NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


@pytest.fixture
def shared(flightdeck):
    """The app, with the client's account manager acting from their own organisation."""
    flightdeck.emulator.add_user(CLIENT_AM, tz="Europe/Rome", team_id=CLIENT_TEAM)
    flightdeck.sender.reshape = slack.slack_connect(CLIENT_TEAM)
    return flightdeck


def test_a_flight_recorded_by_the_clients_person_is_ours_and_gets_its_reminders_in_its_thread(shared):
    campaign = record_flight(shared, spark=True, user=CLIENT_AM, owner=CLIENT_AM)

    assert campaign.team_id == TEAM_ID
    assert campaign.owner_tz == "Europe/Rome"  # their time zone, from users.info as for anyone
    assert [c.args["user"] for c in shared.emulator.attempts_of("users.info")].count(CLIENT_AM) >= 1

    hold = reminder(shared, campaign, "flight.hold")
    run_at(shared, hold.due_at)

    delivered = reload(shared, hold)
    assert delivered.status == "sent"
    assert delivered.slack_channel == CHANNEL
    assert as_delivered(shared, hold)["thread_ts"] == campaign.message_ts
    assert f"<@{CLIENT_AM}>" in message_text(as_delivered(shared, hold))


def test_the_clients_person_can_answer_their_reminder_and_change_their_flight(shared):
    campaign = record_flight(shared, spark=True, user=CLIENT_AM, owner=CLIENT_AM)
    hold = reminder(shared, campaign, "flight.hold")
    run_at(shared, hold.due_at)

    handled(shared, campaign, lambda: click(shared, as_delivered(shared, hold), CHANNEL, Button.DONE, user=CLIENT_AM))

    assert reload(shared, hold).status == "done"
    assert any("marked" in note and CLIENT_AM in note for note in thread_notes(shared, campaign))
    assert not shared.emulator.calls_to("chat.postEphemeral")  # no "isn't in Flightdeck's records"

    handled(shared, campaign, lambda: choose(shared, campaign, "end", user=CLIENT_AM))
    assert next(c for c in shared.campaigns() if c.id == campaign.id).status == "ended"


def test_flights_in_the_shared_channel_lists_the_clients_flight(shared):
    record_flight(shared, user=CLIENT_AM, owner=CLIENT_AM, client="GlowCo")

    shared.slash("/flights", user=CLIENT_AM)

    [reply] = shared.emulator.wait_for(lambda: shared.emulator.attempts_of("response_url"))
    assert "GlowCo" in str(reply.args["blocks"])


def test_home_opened_through_a_shared_channel_event_is_published_from_our_records(shared):
    record_flight(shared, user=CLIENT_AM, owner=CLIENT_AM, client="GlowCo")

    shared.sender.event({"type": "app_home_opened", "user": CLIENT_AM, "channel": "D0CLIENT", "tab": "home"})

    [published] = shared.emulator.wait_for_calls("views.publish")
    assert "GlowCo" in str(published.args["view"])


# -- Enterprise Grid ----------------------------------------------------------------------------------------


@pytest.fixture
def grid(emulator, clock, sqlite_database_url):
    """Flightdeck installed in one workspace of a Grid org (auth.test names the org)."""
    from storage.db import Database
    from tests.support.harness import Flightdeck, test_settings

    emulator.enterprise_id = GRID
    emulator.foreign_channels.add(SISTER_CHANNEL)
    app = Flightdeck(emulator, clock, Database(sqlite_database_url), test_settings(emulator, sqlite_database_url))
    yield app
    app.close()


def test_in_a_grid_org_our_own_workspace_works_through_to_a_delivered_reminder(grid):
    grid.sender.reshape = slack.enterprise_grid(TEAM_ID, GRID)
    campaign = record_flight(grid)

    assert campaign.team_id == TEAM_ID
    hold = reminder(grid, campaign, "flight.hold")
    run_at(grid, hold.due_at)
    assert reload(grid, hold).status == "sent"


def test_a_command_from_another_workspace_of_the_org_opens_nothing(grid):
    grid.emulator.reset_calls()
    grid.sender.reshape = slack.enterprise_grid(SISTER_TEAM, GRID)

    reply = grid.slash("/intake", channel=SISTER_CHANNEL)

    assert (reply.status, reply.body) == (200, "")
    # Our own next /intake is served after it: had the sister's opened anything, it would show by then.
    grid.sender.reshape = slack.enterprise_grid(TEAM_ID, GRID)
    grid.open_intake()
    assert len(grid.emulator.attempts_of("views.open")) == 1
    assert grid.row_counts() == NOTHING


def test_a_submission_from_another_workspace_of_the_org_saves_nothing(grid):
    view = promote_view(grid)
    grid.emulator.wait_for_calls("users.info")
    grid.emulator.reset_calls()
    theirs = {**view, "app_installed_team_id": SISTER_TEAM, "bot_id": "B0SISTER"}
    payload = slack.view_submission(theirs, state_values(view, PROMOTE_ANSWERS), user_id=OWNER)
    grid.sender.reshape = slack.enterprise_grid(SISTER_TEAM, GRID)

    reply = grid.sender.interaction(payload)

    assert (reply.status, reply.body) == (200, "")
    assert grid.row_counts() == NOTHING
    assert grid.emulator.calls == []


def test_an_event_for_another_installation_publishes_nothing(flightdeck):
    flightdeck.emulator.reset_calls()

    def theirs(envelope):
        envelope["team_id"] = SISTER_TEAM
        envelope["authorizations"] = [{"enterprise_id": None, "team_id": SISTER_TEAM, "user_id": "U0B", "is_bot": True}]
        return envelope

    flightdeck.sender.reshape = theirs
    reply = flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"})

    assert reply.status == 200
    flightdeck.sender.reshape = None
    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"})
    flightdeck.emulator.wait_for_calls("views.publish")
    assert len(flightdeck.emulator.calls_to("views.publish")) == 1


def test_slacks_url_check_is_still_answered(flightdeck):
    import json

    reply = flightdeck.sender.post(
        json.dumps({"token": "legacy", "challenge": "abc123", "type": "url_verification"}), "application/json"
    )

    assert reply.status == 200 and "abc123" in reply.body


# -- the rule itself, as a table ---------------------------------------------------------------------------


class _Channels(ChannelVisibility):
    def __init__(self, visible: set[str]):
        self.seen = visible

    def visible(self, channel: str) -> bool:
        return channel in self.seen


OURS = Installation(TEAM_ID, enterprise_id=GRID, bot_id=BOT_ID)
ORG_WIDE = Installation(TEAM_ID, enterprise_id=GRID, org_wide=True, bot_id=BOT_ID)


@pytest.mark.parametrize(
    ("installation", "body", "ours"),
    [
        # Events: authorizations decide, whatever the envelope's team says.
        (OURS, {"team_id": CLIENT_TEAM, "authorizations": [{"team_id": TEAM_ID}]}, True),
        (OURS, {"team_id": TEAM_ID, "authorizations": [{"team_id": SISTER_TEAM}]}, False),
        # Modals: the team the app is installed in decides.
        (OURS, {"team": {"id": CLIENT_TEAM}, "view": {"app_installed_team_id": TEAM_ID}}, True),
        (OURS, {"team": {"id": TEAM_ID}, "view": {"app_installed_team_id": SISTER_TEAM}}, False),
        # Our own workspace, Grid-shaped or not.
        (OURS, {"team_id": TEAM_ID, "enterprise_id": GRID}, True),
        (OURS, {"team": {"id": TEAM_ID, "enterprise_id": GRID}, "user": {"team_id": GRID}}, True),
        # Another workspace of the org: only an org-wide install serves it.
        (OURS, {"team_id": SISTER_TEAM, "enterprise_id": GRID, "channel_id": SISTER_CHANNEL}, False),
        (ORG_WIDE, {"team_id": SISTER_TEAM, "enterprise_id": GRID, "channel_id": SISTER_CHANNEL}, True),
        # A click on a message our bot posted, by another organisation's person.
        (OURS, {"team": {"id": CLIENT_TEAM}, "message": {"bot_id": BOT_ID}}, True),
        (OURS, {"team": {"id": CLIENT_TEAM}, "message": {"bot_id": "B0THEIRS"}}, False),
        # A slash command in a channel shared with us, or in one we can't see.
        (OURS, {"team_id": CLIENT_TEAM, "channel_id": CHANNEL}, True),
        (OURS, {"team_id": CLIENT_TEAM, "channel_id": SISTER_CHANNEL}, False),
        # Nothing to go on.
        (OURS, {}, False),
        (OURS, {"team": "not-an-object", "authorizations": ["junk"]}, False),
    ],
)
def test_which_requests_are_ours(installation, body, ours):
    rule = OnlyOurInstallation(installation, _Channels({CHANNEL}))
    assert rule.is_ours(body) is ours
