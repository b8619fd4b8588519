"""A flight's post-campaign results as plain data: the figures, the form's fields, a candidate's standing.

The figures are read in the summary pull (docs/domain.md): a Promote flight's in the creator's app,
a Spark Ads flight's in Ads Manager. Spend is money in the flight's currency; every other figure is
an optional whole count, because a busy account manager may only have some of them to hand. Each
figure of the form says where a busy person finds it, and `Standing` is where a Promote test's
candidate stands among its test's posts. What can't be true of the figures is in
bot/core/result_check.py, their ratios in bot/core/ratios.py, the sentences in bot/core/outcome.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# --- The figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromoteResult:
    """A Promote flight's summary, as the creator's app shows it."""

    spent: Decimal
    views: int | None = None
    profile_visits: int | None = None
    new_followers: int | None = None
    website_clicks: int | None = None

    @property
    def follows(self) -> int | None:
        return self.new_followers

    @property
    def clicks(self) -> int | None:
        return self.website_clicks

    @property
    def click_base(self) -> int | None:
        """What a click-through is counted against: Promote reports views, not impressions."""
        return self.views


@dataclass(frozen=True)
class SparkResult:
    """A Spark Ads flight's summary, from the ad's reporting columns in Ads Manager."""

    spent: Decimal
    impressions: int | None = None
    video_views: int | None = None
    clicks: int | None = None
    profile_visits: int | None = None
    follows: int | None = None
    conversions: int | None = None
    conversion_value: Decimal | None = None

    @property
    def views(self) -> int | None:
        return self.video_views

    @property
    def click_base(self) -> int | None:
        return self.impressions


Result = PromoteResult | SparkResult


@dataclass(frozen=True)
class Field:
    """One figure of the summary form: what it's called and where a busy person finds it."""

    name: str
    label: str
    where: str
    money: bool = False
    required: bool = False


# Where a busy person finds each figure. The place is said once, at the top of the form
# (bot/results/views.py); each field only says which figure on that screen it is.
PROMOTE_FIELDS: tuple[Field, ...] = (
    Field("spent", "Spent", "The amount spent, not the budget.", money=True, required=True),
    Field("views", "Views", "The views the promotion brought, not the post's total."),
    Field("profile_visits", "Profile visits", "Profile visits from the promotion."),
    Field("new_followers", "New followers", "Followers from the promotion."),
    Field("website_clicks", "Website clicks", "Clicks on the link."),
)

SPARK_FIELDS: tuple[Field, ...] = (
    Field("spent", "Spent", "The Cost column.", money=True, required=True),
    Field("impressions", "Impressions", "The Impressions column."),
    Field("video_views", "Video views", "The Video views column."),
    Field("clicks", "Clicks", "The Clicks (destination) column."),
    Field("profile_visits", "Profile visits", "The Paid profile visits column."),
    Field("follows", "Follows", "The Paid followers column."),
    Field("conversions", "Conversions", "The Conversions column, for the optimisation event."),
    Field(
        "conversion_value",
        "Conversion value",
        "The total value of the conversions, in the flight's currency.",
        money=True,
    ),
)


def fields_for(result_type: type[PromoteResult] | type[SparkResult]) -> tuple[Field, ...]:
    return PROMOTE_FIELDS if result_type is PromoteResult else SPARK_FIELDS


# --- A Promote test's candidate ---------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a Promote test's candidate stands among the test's posts, as far as it is known.

    `place` among the `posts` ranked (None when unknown); `won`: the call named it the winner;
    `waiting`: posts whose results aren't in yet; `after_call`: its results came after the call.
    """

    place: int | None
    posts: int
    won: bool = False
    waiting: int = 0
    after_call: bool = False
