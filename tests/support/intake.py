"""A typical intake, as a person fills it in: the answers the end-to-end tests start from."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.modal import block

POST = "https://www.tiktok.com/@maria.cooks/video/7301234567890123456"
AD_ACCOUNT = "7012345678901234567"
TODAY = date(2026, 11, 23)  # the fake clock's day, in New York as in Paris

# Everything a Promote intake needs beyond the defaults (dates, currency, budget type, owner).
PROMOTE_ANSWERS: dict[str, Any] = {
    "ownership": "creator",
    "creator_handle": "@maria.cooks",
    "client": "GlowCo",
    "objective_promote": "Profile visits",
    "budget_amount": "50",
    "organic_traction": "proven",
    "market": "us",
    "account_type": "creator",
}

# The same for Spark, with one ad account whose code was issued today for the default 30 days.
SPARK_ANSWERS: dict[str, Any] = {
    **{k: v for k, v in PROMOTE_ANSWERS.items() if k != "objective_promote"},
    "ownership": "brand",
    "objective_spark": "Conversions",
    "budget_amount": "300",
    "ad_account_0": AD_ACCOUNT,
}


def decision_text(view: dict[str, Any]) -> str:
    return block(view, "decision")["text"]["text"]


def promote_view(flightdeck, post: str = POST) -> dict[str, Any]:
    """The modal after /intake and "creator owns the data": Promote's fields."""
    return flightdeck.change(flightdeck.open_intake(post), {"ownership": "creator"}, dispatch="ownership")


def spark_view(flightdeck, post: str = POST, **answers: Any) -> dict[str, Any]:
    """The modal after /intake and "the brand owns the data": Spark's fields."""
    return flightdeck.change(flightdeck.open_intake(post), {"ownership": "brand", **answers}, dispatch="ownership")
