"""A broken body is refused before it is read: unsigned gets 401, signed gets 4xx, never a 500."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from tests.support import slack_requests as slack
from tests.support.flights import record_flight
from tests.support.harness import OWNER

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
FORM = "application/x-www-form-urlencoded"
BROKEN = [
    pytest.param("payload=not-json", FORM, id="not-json"),
    pytest.param("payload=null", FORM, id="null"),
    pytest.param("payload=%5B%5D", FORM, id="a-list"),
    pytest.param("payload=%FF%FE", FORM, id="invalid-utf8"),
    pytest.param("payload=" + "%5B" * 5000 + "%5D" * 5000, FORM, id="deeply-nested"),
    pytest.param("payload={", FORM, id="malformed"),
    pytest.param("{", "application/json", id="malformed-json"),
    pytest.param('"x"', "application/json", id="json-string"),
]


@pytest.mark.parametrize(("body", "content_type"), BROKEN)
def test_an_unsigned_broken_body_gets_401(flightdeck, body, content_type):
    reply = flightdeck.sender.post(body, content_type, signature="v0=" + "0" * 64)

    assert reply.status == 401
    assert flightdeck.emulator.calls == [] or all(c.method == "auth.test" for c in flightdeck.emulator.calls)


@pytest.mark.parametrize(("body", "content_type"), BROKEN)
def test_a_signed_broken_body_gets_400_and_nothing_happens(flightdeck, body, content_type):
    flightdeck.emulator.reset_calls()

    reply = flightdeck.sender.post(body, content_type)

    assert reply.status == 400
    assert flightdeck.emulator.calls == []
    assert flightdeck.row_counts() == NOTHING


def test_a_signed_block_action_without_actions_gets_400(flightdeck):
    payload = {"type": "block_actions", "user": {"id": OWNER}, "team": {"id": "T0AGENCY"}, "actions": []}

    reply = flightdeck.sender.interaction(payload)

    assert reply.status == 400
    assert flightdeck.row_counts() == NOTHING


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_extending_a_flight_to_year_9999_is_an_inline_error(flightdeck, day):
    campaign = record_flight(flightdeck)
    before = flightdeck.row_counts()
    metadata = json.dumps({"k": campaign.id, "c": "", "ts": ""})
    view = {"id": "V0EXTEND", "type": "modal", "callback_id": "extend_flight", "private_metadata": metadata}
    values = {"extend_last_day": {"extend_last_day": {"type": "datepicker", "selected_date": day}}}

    reply = flightdeck.sender.interaction(slack.view_submission(view, values, user_id=OWNER))

    assert reply.status == 200
    assert reply.json()["response_action"] == "errors"
    assert flightdeck.row_counts() == before


def test_a_renewal_issued_in_year_9999_is_an_inline_error(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    [authorization] = flightdeck.authorizations()
    before = flightdeck.row_counts()
    metadata = json.dumps({"k": campaign.id, "a": authorization.id, "c": "", "ts": ""})
    view = {"id": "V0RENEW", "type": "modal", "callback_id": "code_renewed", "private_metadata": metadata}
    values = {
        "renew_issued_on": {"renew_issued_on": {"type": "datepicker", "selected_date": "9999-12-31"}},
        "renew_valid_for": {"renew_valid_for": {"type": "static_select", "selected_option": {"value": "365"}}},
    }

    reply = flightdeck.sender.interaction(slack.view_submission(view, values, user_id=OWNER))

    assert reply.status == 200
    assert reply.json()["response_action"] == "errors"
    assert flightdeck.row_counts() == before


def test_a_slash_command_form_with_odd_fields_is_not_a_500(flightdeck):
    fields = slack.slash_command("/flights", "mine", user_id=OWNER, channel_id="C0GLOWCO")
    body = urlencode({**fields, "team_id": "T0AGENCY"}) + "&payload=%7B%7D"

    reply = flightdeck.sender.post(body, FORM)

    assert reply.status < 500


@pytest.mark.parametrize("callback_id", ["extend_flight", "campaign_results"])
def test_a_change_modal_without_its_metadata_says_so_and_changes_nothing(flightdeck, callback_id):
    record_flight(flightdeck)
    before = flightdeck.row_counts()
    view = {"id": "V0NOMETA", "type": "modal", "callback_id": callback_id}

    reply = flightdeck.sender.interaction(slack.view_submission(view, {}, user_id=OWNER))

    assert reply.status == 200
    assert reply.json()["response_action"] == "update"
    assert "Can't" in json.dumps(reply.json()["view"])
    assert flightdeck.row_counts() == before
