"""The decision lives in the modal: every answer that matters reshapes it in place through views.update."""

from dataclasses import replace
from datetime import date, timedelta

from bot.core.policy import ReminderSchedule
from storage.db import Database
from tests.support import harness
from tests.support.harness import Flightdeck
from tests.support.modal import block, block_ids, input_blocks, texts

TODAY = date(2026, 11, 23)  # the fake clock's day for the owner in New York
SPARK_ONLY = ("ad_account_0", "code_issued_0", "code_valid_days_0", "code_expires_0")
PROMOTE_OBJECTIVES = ["Views", "Profile visits", "Website clicks"]
SPARK_OBJECTIVES = ["Reach", "Video views", "Community interaction", "Traffic", "Conversions"]


def decision(view) -> str:
    return block(view, "decision")["text"]["text"]


def options(view, block_id) -> list[str]:
    return [option["value"] for option in block(view, block_id)["element"]["options"]]


def promote_view(flightdeck):
    view = flightdeck.change(flightdeck.open_intake(), {"ownership": "creator"}, dispatch="ownership")
    assert decision(view).startswith("*→ Promote*")
    return view


def test_an_answer_updates_the_same_view_with_its_hash(flightdeck):
    view = flightdeck.open_intake()

    updated = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership")

    [update] = flightdeck.emulator.calls_to("views.update")
    assert (update.args["view_id"], update.args["hash"]) == (view["id"], view["hash"])
    assert updated["id"] == view["id"]
    assert "Promote" in decision(updated)
    assert "the creator owns the data" in decision(updated)
    assert "every check is no" in decision(updated)


def test_brand_ownership_decides_spark_with_its_reason_and_spark_fields(flightdeck):
    view = flightdeck.change(flightdeck.open_intake(), {"ownership": "brand"}, dispatch="ownership")

    assert decision(view).startswith("*→ Spark Ads*")
    assert "the brand owns the conversion data" in decision(view)
    assert set(SPARK_ONLY) <= set(block_ids(view))
    assert view["submit"]["text"] == "Record Spark Ads"


def test_a_check_against_creator_ownership_gives_spark_and_states_the_conflict(flightdeck):
    view = promote_view(flightdeck)

    view = flightdeck.change(view, {"checks": ["audience_control"]}, dispatch="checks")

    assert decision(view).startswith("*→ Spark Ads*")
    assert "the audience needs exclusion or retargeting" in decision(view)
    assert "*Conflict:* The creator owns the data, but the audience needs exclusion or retargeting" in decision(view)


def test_the_budget_is_checked_against_the_promote_cap_when_enter_is_pressed(flightdeck):
    view = promote_view(flightdeck)
    budget = block(view, "budget_amount")
    assert budget["dispatch_action"] is True
    assert budget["element"]["dispatch_action_config"] == {"trigger_actions_on": ["on_enter_pressed"]}

    view = flightdeck.change(view, {"budget_amount": "1500"}, dispatch="budget_amount")

    assert decision(view).startswith("*→ Spark Ads*")
    assert "$1,500 a day is above the Promote cap of $1,000 a day" in decision(view)
    assert set(SPARK_ONLY) <= set(block_ids(view))
    assert "code_expires_0" in {b for b, bl in input_blocks(view).items() if bl.get("optional")}


def test_changing_the_currency_rechecks_the_cap_in_that_currency(flightdeck):
    view = flightdeck.change(promote_view(flightdeck), {"budget_amount": "900"}, dispatch="budget_amount")
    assert decision(view).startswith("*→ Promote*")

    view = flightdeck.change(view, {"currency": "GBP"}, dispatch="currency")

    assert decision(view).startswith("*→ Spark Ads*")
    assert "£900 a day is above the Promote cap of £850 a day" in decision(view)


def test_a_lifetime_budget_is_spread_over_the_flight_and_a_daily_one_is_not(flightdeck):
    view = flightdeck.change(
        promote_view(flightdeck), {"budget_amount": "5000", "budget_type": "lifetime"}, dispatch="budget_type"
    )
    assert decision(view).startswith("*→ Promote*")  # 5,000 over 7 days is 714.29 a day

    view = flightdeck.change(view, {"budget_type": "daily"}, dispatch="budget_type")

    assert decision(view).startswith("*→ Spark Ads*")
    assert "$5,000 a day is above the Promote cap" in decision(view)


def test_a_flight_past_the_promote_ceiling_flips_to_spark_and_back(flightdeck):
    view = promote_view(flightdeck)

    view = flightdeck.change(view, {"flight_end": (TODAY + timedelta(days=40)).isoformat()}, dispatch="flight_end")
    assert decision(view).startswith("*→ Spark Ads*")
    assert "a 41-day flight runs past Promote's 30-day ceiling" in decision(view)
    assert set(SPARK_ONLY) <= set(block_ids(view))

    view = flightdeck.change(view, {"flight_start": (TODAY + timedelta(days=20)).isoformat()}, dispatch="flight_start")
    assert decision(view).startswith("*→ Promote*")
    assert not set(SPARK_ONLY) & set(block_ids(view))


def test_the_objective_options_follow_the_tool(flightdeck):
    view = promote_view(flightdeck)
    assert options(view, "objective_promote") == PROMOTE_OBJECTIVES
    assert "objective_spark" not in block_ids(view)

    view = flightdeck.change(view, {"ownership": "agency"}, dispatch="ownership")

    assert options(view, "objective_spark") == SPARK_OBJECTIVES
    assert "objective_promote" not in block_ids(view)


def test_warnings_show_before_submit(flightdeck):
    view = promote_view(flightdeck)

    view = flightdeck.change(view, {"organic_traction": "flat"}, dispatch="organic_traction")
    assert "The post is flat organically" in block(view, "warnings")["text"]["text"]

    view = flightdeck.change(view, {"flight_end": (TODAY + timedelta(days=2)).isoformat()}, dispatch="flight_end")
    warnings = block(view, "warnings")["text"]["text"]
    assert "The post is flat organically" in warnings
    assert "A 3-day flight is too short" in warnings


def test_a_spark_code_expiring_in_flight_is_warned_about(flightdeck):
    view = flightdeck.change(flightdeck.open_intake(), {"ownership": "brand"}, dispatch="ownership")
    assert "warnings" not in block_ids(view)

    view = flightdeck.change(
        view,
        {"ad_account_0": "7012345678901234", "code_valid_days_0": "7", "flight_end": "2026-11-30"},
        dispatch="code_valid_days_0",
    )

    assert texts(block(view, "warnings")) == (
        ":warning: The code for 7012345678901234 expires Mon 30 Nov, before the flight ends Mon 30 Nov. "
        "Flightdeck will remind you to get a new one 72 h ahead."
    )


def test_add_another_ad_account_adds_a_group_and_keeps_the_first(flightdeck):
    view = flightdeck.change(flightdeck.open_intake(), {"ownership": "brand"}, dispatch="ownership")
    view = flightdeck.change(view, {"ad_account_0": "7012345678901234"}, dispatch="code_valid_days_0")

    view = flightdeck.press_in_modal(view, "add_ad_account")

    assert {"code_post_1", "ad_account_1", "code_issued_1", "code_valid_days_1", "code_expires_1"} <= set(
        block_ids(view)
    )
    assert block(view, "ad_account_0")["element"]["initial_value"] == "7012345678901234"
    assert block(view, "ad_account_0")["label"]["text"] == "Spark ad 1 · Ad account ID"
    assert block(view, "ad_account_1")["label"]["text"] == "Spark ad 2 · Ad account ID"
    assert block(view, "code_post_1")["label"]["text"] == "Spark ad 2 · Post link"


def test_no_input_anywhere_asks_for_the_authorization_code(flightdeck):
    promote = promote_view(flightdeck)
    spark = flightdeck.change(promote, {"ownership": "brand", "checks": ["paid_partnership"]}, dispatch="checks")
    spark = flightdeck.press_in_modal(spark, "add_ad_account")

    free_text = ("plain_text_input", "rich_text_input", "url_text_input", "email_text_input")
    for view in (promote, spark):
        typed = {block_id for block_id, b in input_blocks(view).items() if b["element"]["type"] in free_text}
        assert typed <= {
            "creator_handle",
            "post_url",
            "client",
            "ad_account_0",
            "ad_account_1",
            "code_post_0",
            "code_post_1",
            "promote_test_posts",
        }
        for block_id in typed:
            assert "code" not in block(view, block_id)["label"]["text"].lower()
    assert "We only need each code's expiry date" in texts(spark)
    assert "Never paste the code itself" in texts(spark)


def test_the_code_warning_gives_the_configured_renewal_lead_time(emulator, clock, sqlite_database_url):
    settings = replace(
        harness.test_settings(emulator, sqlite_database_url),
        schedule=ReminderSchedule(renew_before_expiry=timedelta(days=4)),
    )
    flightdeck = Flightdeck(emulator, clock, Database(sqlite_database_url), settings)
    try:
        view = flightdeck.change(flightdeck.open_intake(), {"ownership": "brand"}, dispatch="ownership")
        view = flightdeck.change(view, {"code_expires_0": "2026-11-25"}, dispatch="code_expires_0")

        assert "Flightdeck will remind you to get a new one 96 h ahead." in texts(block(view, "warnings"))
    finally:
        flightdeck.close()


def test_the_default_flight_is_seven_days_from_today(flightdeck):
    view = flightdeck.open_intake()

    assert block(view, "flight_start")["element"]["initial_date"] == TODAY.isoformat()
    assert block(view, "flight_end")["element"]["initial_date"] == (TODAY + timedelta(days=6)).isoformat()
