"""What a person types (or a request forges) reaches Slack as text: nothing in it pings or links.

A client named `<!channel> <https://evil.example|invoice> *Acme*` is shown as those characters in the
summary's blocks, in its notification text, in its redraws and in the DM that replaces it. A value
the modal never offered, a day in year 9999 or a lone surrogate is an inline error on its field.
"""

from __future__ import annotations

import pytest

from bot.core.intake import NOT_OFFERED, OUT_OF_RANGE
from bot.intake.validation import UNREADABLE_TEXT
from tests.support import slack_requests as slack
from tests.support.flights import choose, record_flight
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import PROMOTE_ANSWERS, SPARK_ANSWERS, promote_view, spark_view
from tests.support.markup import live_markup
from tests.support.modal import state_values

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
HOSTILE = "<!channel> <https://evil.example|invoice> *Acme* _Co_"
# Entities for < > &, a zero-width space where a link would hinge, look-alikes for the formatting marks.
ESCAPED = "&lt;!channel&gt; &lt;https:\u200b//evil.\u200bexample|invoice&gt; \u2217Acme\u2217 \u02cdCo\u02cd"


def _submit(flightdeck, view, values):
    return flightdeck.sender.interaction(slack.view_submission(view, values, user_id=OWNER))


def test_a_client_named_like_markup_is_escaped_in_the_summary_its_notification_and_its_redraw(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, client=HOSTILE)
    [summary] = flightdeck.emulator.calls_to("chat.postMessage")

    assert ESCAPED in summary.args["text"]
    assert "<!channel>" not in summary.args["text"]

    choose(flightdeck, campaign, "end")  # a change redraws the summary
    redraws = flightdeck.emulator.wait_for_calls("chat.update")

    assert all(ESCAPED in call.args["text"] for call in redraws)
    assert live_markup(flightdeck.emulator.calls) == []


def test_the_dm_that_stands_in_for_a_refused_summary_escapes_the_client_too(flightdeck):
    flightdeck.emulator.channel_gone(CHANNEL, "not_in_channel")
    view = promote_view(flightdeck)
    values = state_values(view, {**PROMOTE_ANSWERS, "client": HOSTILE})

    reply = _submit(flightdeck, view, values)

    assert (reply.status, reply.body) == (200, "")
    dm = flightdeck.emulator.wait_for(
        lambda: [c for c in flightdeck.emulator.calls_to("chat.postMessage") if c.answer["channel"].startswith("D")]
    )[0]
    assert ESCAPED in dm.args["text"]
    assert live_markup(flightdeck.emulator.calls) == []


@pytest.mark.parametrize(
    ("block_id", "state"),
    [
        pytest.param("owner", {"type": "users_select", "selected_user": "U0X> <!channel"}, id="forged-owner"),
        pytest.param("currency", {"type": "static_select", "selected_option": {"value": "<!here>"}}, id="currency"),
        pytest.param("market", {"type": "static_select", "selected_option": {"value": "mars"}}, id="market"),
        pytest.param("budget_type", {"type": "radio_buttons", "selected_option": {"value": "weekly"}}, id="budget"),
        pytest.param(
            "objective_promote",
            {"type": "static_select", "selected_option": {"value": "<!channel>"}},
            id="objective",
        ),
        pytest.param("checks", {"type": "checkboxes", "selected_options": [{"value": "x"}]}, id="checks"),
    ],
)
def test_a_choice_the_modal_never_offered_is_refused_on_its_field(flightdeck, block_id, state):
    view = promote_view(flightdeck)
    values = state_values(view, PROMOTE_ANSWERS)
    values[block_id] = {block_id: state}

    reply = _submit(flightdeck, view, values)

    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert answer["errors"][block_id] == NOT_OFFERED
    assert flightdeck.row_counts() == NOTHING
    assert live_markup(flightdeck.emulator.calls) == []


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_a_flight_day_past_2100_or_before_2000_is_refused_in_plain_words(flightdeck, day):
    view = promote_view(flightdeck)
    values = state_values(view, {**PROMOTE_ANSWERS, "flight_end": day})

    answer = _submit(flightdeck, view, values).json()

    assert answer["errors"]["flight_end"] == OUT_OF_RANGE
    assert flightdeck.row_counts() == NOTHING


def test_a_code_issued_in_year_9999_is_refused_inline_not_overflowed(flightdeck):
    view = spark_view(flightdeck)
    values = state_values(view, {**SPARK_ANSWERS, "code_issued_0": "9999-12-31"})
    values["code_valid_days_0"] = {"code_valid_days_0": {"type": "static_select", "selected_option": {"value": "365"}}}

    reply = _submit(flightdeck, view, values)

    assert reply.status == 200
    assert reply.json()["errors"]["code_issued_0"] == OUT_OF_RANGE
    assert flightdeck.row_counts() == NOTHING


@pytest.mark.parametrize("typed", ["Glow\ud800Co", "Glow\x00Co"])
def test_text_with_a_lone_surrogate_or_a_nul_is_refused_on_its_field_on_both_databases(flightdeck_any, typed):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)
    values = state_values(view, {**PROMOTE_ANSWERS, "client": typed})

    reply = _submit(flightdeck, view, values)

    assert reply.status == 200
    assert reply.json() == {"response_action": "errors", "errors": {"client": UNREADABLE_TEXT}}
    assert flightdeck.row_counts() == NOTHING
