"""Nothing reaches the record that the modal didn't show: a submit whose answers change what the
modal says is answered with the modal updated, and only the next press of the button records it.

The budget and ad-group inputs reshape the modal only on Enter, and an update can still be on its way when
the person presses the button.
"""

from tests.support.intake import SPARK_ANSWERS, decision_text, spark_view
from tests.support.modal import block, block_ids

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
CAP_REASON = "$5,000 a day is above the Promote cap of $1,000 a day"


def as_slack_shows(view, answer):
    """The modal after `response_action: update`: Slack keeps its id and gives it the new blocks."""
    return {**view, **answer["view"]}


def test_a_reason_added_without_a_tool_change_is_shown_before_it_is_recorded(flightdeck):
    view = spark_view(flightdeck)  # the brand owns the data: Spark Ads either way
    answers = {**SPARK_ANSWERS, "budget_amount": "5000"}  # typed, Enter not pressed

    answer = flightdeck.submit(view, answers).json()

    assert answer["response_action"] == "update"
    assert decision_text(answer["view"]).startswith("*→ Spark Ads*")
    assert CAP_REASON in decision_text(answer["view"])
    assert CAP_REASON not in decision_text(view)
    assert flightdeck.row_counts() == NOTHING
    assert flightdeck.emulator.posts() == []

    reply = flightdeck.submit(as_slack_shows(view, answer), answers)

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert CAP_REASON in campaign.decision_reasons


def test_a_submit_showing_what_it_records_records_at_once(flightdeck):
    view = flightdeck.change(spark_view(flightdeck), {"budget_amount": "5000"}, dispatch="budget_amount")

    reply = flightdeck.submit(view, {**SPARK_ANSWERS, "budget_amount": "5000"})

    assert (reply.status, reply.body) == (200, "")
    assert flightdeck.row_counts()["campaign"] == 1


def test_a_warning_raised_without_enter_is_shown_before_it_is_recorded(flightdeck):
    view = spark_view(flightdeck)
    answers = {**SPARK_ANSWERS, "budget_amount": "50", "ad_groups": "5"}  # both typed, Enter pressed on neither

    answer = flightdeck.submit(view, answers).json()

    assert answer["response_action"] == "update"
    warnings = block(answer["view"], "warnings")["text"]["text"]
    assert "$50 a day over 5 ad groups is $10 per group" in warnings
    assert "warnings" not in block_ids(view)
    assert flightdeck.row_counts() == NOTHING

    reply = flightdeck.submit(as_slack_shows(view, answer), answers)

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert [w["code"] for w in campaign.warnings] == ["budget_spread_thin"]


def test_a_date_whose_update_had_not_landed_shows_its_warning_first(flightdeck):
    view = spark_view(flightdeck)
    answers = {**SPARK_ANSWERS, "flight_end": "2026-12-31"}  # the 30-day code now lapses mid-flight

    answer = flightdeck.submit(view, answers).json()

    assert answer["response_action"] == "update"
    assert "before the flight ends Thu 31 Dec" in block(answer["view"], "warnings")["text"]["text"]
    assert flightdeck.row_counts() == NOTHING
