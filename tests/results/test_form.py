"""The results form's fields for each flight, and money as people type it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.results import PROMOTE_FIELDS, PromoteResult, SparkResult
from bot.results.form import as_typed, confirmed, confirmed_metadata, parse_money, read_figures
from bot.results.views import modal_fields
from bot.slack.change_views import ChangeOrigin
from tests.support.factories import campaign


def names(fields) -> list[str]:
    return [f.name for f in fields]


def test_website_clicks_only_for_the_website_clicks_goal():
    assert "website_clicks" not in names(modal_fields(campaign(tool="promote", objective="Profile visits")))
    assert "website_clicks" in names(modal_fields(campaign(tool="promote", objective="Website clicks")))
    # Figures already entered stay editable whatever the objective says now.
    entered = PromoteResult(spent=Decimal(1), website_clicks=40)
    assert "website_clicks" in names(modal_fields(campaign(tool="promote", objective="Views"), entered))


def test_conversions_only_when_the_flight_tracks_them():
    assert "conversions" in names(modal_fields(campaign(tool="spark", objective="Conversions")))
    tracked = names(modal_fields(campaign(tool="spark", objective="Reach")))
    assert "conversions" not in tracked and "conversion_value" not in tracked
    assert "follows" in tracked


@pytest.mark.parametrize(
    ("typed", "currency", "amount"),
    [
        ("1,234.50", "USD", Decimal("1234.50")),
        ("$380", "USD", Decimal(380)),
        ("380 EUR", "EUR", Decimal(380)),
        ("12000", "JPY", Decimal(12000)),
        ("12.345", "KWD", Decimal("12.345")),
        ("  ", "USD", None),
    ],
)
def test_money_as_typed(typed, currency, amount):
    assert parse_money(typed, currency) == amount


@pytest.mark.parametrize(
    ("typed", "currency", "says"),
    [
        ("12.345", "USD", "USD has 2 decimals."),
        ("120.5", "JPY", "JPY has no decimals."),
        ("-5", "USD", "Can't be negative."),
        ("1e3", "USD", "Enter an amount, like 120.50."),
        ("NaN", "USD", "Enter an amount, like 120.50."),
        ("99999999999999", "USD", "That's more than any flight spends: check the amount."),
    ],
)
def test_money_that_cant_be_read(typed, currency, says):
    with pytest.raises(ValueError, match=says):
        parse_money(typed, currency)


def test_odd_figures_are_warnings_not_errors():
    values = {
        "results_spent": {"results_spent": {"value": "1000"}},
        "results_views": {"results_views": {"value": "900"}},
        "results_profile_visits": {"results_profile_visits": {"value": "50"}},
        "results_new_followers": {"results_new_followers": {"value": "60"}},
    }

    figures = read_figures(values, PROMOTE_FIELDS[:4], PromoteResult, "USD", Decimal(400))

    assert figures.errors == {}
    assert figures.result == PromoteResult(spent=Decimal(1000), views=900, profile_visits=50, new_followers=60)
    assert set(figures.warnings) == {"spent", "new_followers"}
    assert figures.warnings["spent"].startswith("Spend of $1,000.00 is 2.5× the planned $400.00 budget")
    assert figures.flagged == {"spent=1000", "new_followers=60/50"}


@pytest.mark.parametrize(
    ("raw", "flags"),
    [
        ('{"k":1,"c":"C1","ts":"","ok":"spent=1000;new_followers=60/50"}', {"spent=1000", "new_followers=60/50"}),
        ('{"k":1,"c":"C1","ts":""}', set()),
        ('{"k":1,"ok":7}', set()),
        ('{"k":1,"ok":";;"}', set()),
        ("not json", set()),
        (None, set()),
    ],
)
def test_the_figures_confirmed_read_from_the_modal(raw, flags):
    assert confirmed(raw) == flags


def test_the_figures_confirmed_travel_with_the_flights_origin():
    origin = ChangeOrigin(campaign_id=7, channel="C1", ts="1.2", reminder_id=3)
    raw = confirmed_metadata(origin, frozenset({"spent=1000", "follows=12/10"}))

    assert ChangeOrigin.from_metadata(raw) == origin
    assert confirmed(raw) == {"spent=1000", "follows=12/10"}
    # An origin too long to carry the flags too (only a forged one) goes without them: asked again.
    forged = ChangeOrigin(campaign_id=7, channel="C" * 2990, ts="")
    assert confirmed(confirmed_metadata(forged, frozenset({"spent=1000"}))) == set()


def test_what_was_typed_is_kept_for_the_form_shown_again():
    values = {
        "results_spent": {"results_spent": {"value": "1,280"}},
        "results_views": {"results_views": {"value": "  "}},
        "results_website_clicks": {"results_website_clicks": {"value": "9"}},
    }
    # Blank fields stay blank; a field the form doesn't show isn't carried over.
    assert as_typed(values, PROMOTE_FIELDS[:4]) == {"spent": "1,280"}


def test_a_count_too_large_to_be_true_is_refused():
    values = {"results_spent": {"results_spent": {"value": "5"}}, "results_clicks": {"results_clicks": {"value": "9M"}}}
    from bot.core.results import SPARK_FIELDS

    figures = read_figures(values, SPARK_FIELDS, SparkResult, "USD", None)
    assert figures.errors == {} and figures.result.clicks == 9_000_000
    values["results_clicks"]["results_clicks"]["value"] = "2000000M"
    assert "check the figure" in read_figures(values, SPARK_FIELDS, SparkResult, "USD", None).errors["results_clicks"]
