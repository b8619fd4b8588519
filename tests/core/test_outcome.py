"""How a flight did in plain words: the summary's headline and spend line, the results card's sentence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.outcome import headline, outcome, spend_line
from bot.core.results import PromoteResult, SparkResult, Standing

D = Decimal


# --- the summary's lines ---------------------------------------------------------------------------


PROMOTE = PromoteResult(D("49.60"), views=52_300, profile_visits=1_240, new_followers=76, website_clicks=310)
SPARK = SparkResult(
    D("476"),
    impressions=210_000,
    video_views=48_000,
    clicks=1_900,
    profile_visits=2_100,
    follows=320,
    conversions=40,
    conversion_value=D("1523.20"),
)


@pytest.mark.parametrize(
    ("result", "objective", "currency", "expected"),
    [
        (PROMOTE, "Profile visits", "USD", "1,240 profile visits at $0.04 each; 6.1 % of visitors followed."),
        (PROMOTE, "Views", "EUR", "52,300 views at €0.95 per 1,000; 76 new followers."),
        (PROMOTE, "Website clicks", "USD", "310 website clicks at $0.16 each; 0.6 % click-through per view."),
        (SPARK, "Reach", "USD", "210,000 impressions at $2.27 per 1,000."),
        (SPARK, "Video views", "GBP", "48,000 video views at £9.92 per 1,000; 320 new followers."),
        (SPARK, "Community interaction", "USD", "2,100 profile visits at $0.23 each; 15.2 % of visitors followed."),
        (SPARK, "Traffic", "USD", "1,900 clicks at $0.25 each; 0.9 % click-through per impression."),
        (SPARK, "Conversions", "AED", "40 conversions at AED\u00a011.90 each; a return of 3.2× the spend."),
        (PROMOTE, "App installs", "USD", "Spent $49.60."),
        (
            PromoteResult(D("20")),
            "Profile visits",
            "USD",
            "Spent $20.00; the profile visits weren't entered, so there's nothing to measure it by.",
        ),
        (
            PromoteResult(D("20"), views=0),
            "Views",
            "USD",
            "Spent $20.00 for no views.",
        ),
        (PromoteResult(D("20"), profile_visits=500), "Profile visits", "USD", "500 profile visits at $0.04 each."),
        (SparkResult(D("30"), follows=60), "Community interaction", "USD", "60 follows at $0.50 each."),
        (SparkResult(D("30"), clicks=0), "Traffic", "USD", "Spent $30.00 for no clicks."),
        (PROMOTE, "Reach", "USD", "Spent $49.60."),
    ],
)
def test_headline(result, objective: str, currency: str, expected: str) -> None:
    assert headline(result, objective, currency) == expected


@pytest.mark.parametrize(
    ("spent", "planned", "expected"),
    [
        ("540", "600", "Spent $540.00 of $600.00 planned (90.0 % of the plan)."),
        ("540", None, "Spent $540.00."),
        ("0", "600", "Spent $0.00 of $600.00 planned (0.0 % of the plan)."),
    ],
)
def test_spend_line(spent: str, planned: str | None, expected: str) -> None:
    assert spend_line(D(spent), D(planned) if planned else None, "USD") == expected


# --- the card's one sentence: how the flight did against its objective ----------------------------

VISITS = PromoteResult(D("45"), views=20_000, profile_visits=1_240, new_followers=76)


@pytest.mark.parametrize(
    ("result", "objective", "planned", "standing", "expected"),
    [
        (
            VISITS,
            "Profile visits",
            "50",
            None,
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00).",
        ),
        (
            VISITS,
            "Profile visits",
            "30",
            Standing(1, 3, won=True),
            "1,240 profile visits at $0.04 each, 50.0 % over budget ($45.00 of $30.00); "
            "the winner of its Promote test of 3 posts.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(2, 3),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); 2nd of the 3 posts in its Promote test.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(1, 2),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); "
            "ahead in its Promote test of 2 posts, but not by enough to call it the winner.",
        ),
        (
            VISITS,
            "Views",
            "100",
            Standing(None, 3, waiting=2),
            "20,000 views at $2.25 per 1,000, spending only 45.0 % of its budget ($45.00 of $100.00); "
            "its Promote test of 3 posts waits for 2 more posts' results before it compares them.",
        ),
        (
            VISITS,
            "Views",
            "100",
            Standing(None, 3, waiting=1),
            "20,000 views at $2.25 per 1,000, spending only 45.0 % of its budget ($45.00 of $100.00); "
            "its Promote test of 3 posts waits for 1 more post's results before it compares them.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(None, 3, after_call=True),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); "
            "its results came after its Promote test of 3 posts was called, so they don't change the call.",
        ),
        (
            PromoteResult(D("45")),
            "Profile visits",
            "50",
            None,
            "No profile visits entered, so there's nothing to judge the objective by; on budget ($45.00 of $50.00).",
        ),
        (
            PromoteResult(D("45"), profile_visits=0),
            "Profile visits",
            None,
            None,
            "No profile visits at all, for $45.00.",
        ),
        (
            PromoteResult(D("20"), views=9_000, website_clicks=180),
            "Website clicks",
            "50",
            None,
            "180 website clicks at $0.11 each, spending only 40.0 % of its budget ($20.00 of $50.00).",
        ),
        (
            SparkResult(D("380"), impressions=100_000, clicks=1_400, conversions=38),
            "Conversions",
            "400",
            None,
            "38 conversions at $10.00 each, on budget ($380.00 of $400.00).",
        ),
        (
            SparkResult(D("380"), impressions=100_000),
            "Reach",
            "300",
            None,
            "100,000 impressions at $3.80 per 1,000, 26.7 % over budget ($380.00 of $300.00).",
        ),
        (
            VISITS,
            "Something else",
            "50",
            None,
            "Spent $45.00 of $50.00; Flightdeck has no figure to judge this objective by.",
        ),
    ],
)
def test_outcome_against_the_objective(result, objective, planned, standing, expected) -> None:
    assert outcome(result, objective, "USD", D(planned) if planned else None, standing) == expected
