"""The results form's fields for each flight, and money as people type it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.results import PROMOTE_FIELDS, PromoteResult, SparkResult
from bot.results.form import parse_money, read_figures
from bot.results.views import modal_fields
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


def test_a_count_too_large_to_be_true_is_refused():
    values = {"results_spent": {"results_spent": {"value": "5"}}, "results_clicks": {"results_clicks": {"value": "9M"}}}
    from bot.core.results import SPARK_FIELDS

    figures = read_figures(values, SPARK_FIELDS, SparkResult, "USD", None)
    assert figures.errors == {} and figures.result.clicks == 9_000_000
    values["results_clicks"]["results_clicks"]["value"] = "2000000M"
    assert "check the figure" in read_figures(values, SPARK_FIELDS, SparkResult, "USD", None).errors["results_clicks"]
