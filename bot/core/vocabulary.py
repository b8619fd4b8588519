"""Flightdeck's words: the tools, the answers, the checks, the markets, the reminder kinds, the states.

Each is a string enum whose value is what the database stores. See docs/domain.md.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class Tool(StrEnum):
    PROMOTE = "promote"
    SPARK = "spark"

    @property
    def label(self) -> str:
        return "Promote" if self is Tool.PROMOTE else "Spark Ads"


class Ownership(StrEnum):
    CREATOR = "creator"
    BRAND = "brand"
    AGENCY = "agency"
    SHARED = "shared"

    @property
    def label(self) -> str:
        return {"creator": "Creator", "brand": "Brand", "agency": "Agency", "shared": "Shared dashboard"}[self]


class Check(StrEnum):
    """The asked checks of the decision tree, numbered as in docs/domain.md (4 is derived)."""

    BUSINESS_SPENDER = "business_spender"
    SERVER_SIDE_CONVERSIONS = "server_side_conversions"
    AUDIENCE_CONTROL = "audience_control"
    COMPARATIVE_TEST = "comparative_test"
    PAID_PARTNERSHIP = "paid_partnership"

    @property
    def question(self) -> str:
        return _QUESTIONS[self]

    @property
    def reason(self) -> str:
        return _REASONS[self]


_QUESTIONS = {
    Check.BUSINESS_SPENDER: "A brand or agency pays, not the creator personally",
    Check.SERVER_SIDE_CONVERSIONS: "Conversions need server-side tracking (checkout, lead, custom event)",
    Check.AUDIENCE_CONTROL: "The audience needs exclusion or retargeting",
    Check.COMPARATIVE_TEST: "It compares several creators or creative cuts on one audience",
    Check.PAID_PARTNERSHIP: "A brand pays the creator for this post (branded content)",
}


_REASONS = {
    Check.BUSINESS_SPENDER: "a brand or agency is paying",
    Check.SERVER_SIDE_CONVERSIONS: "conversions need server-side tracking, which only Ads Manager has",
    Check.AUDIENCE_CONTROL: "the audience needs exclusion or retargeting",
    Check.COMPARATIVE_TEST: "it compares creators or cuts on one audience, which Promote can't test",
    Check.PAID_PARTNERSHIP: "a brand pays the creator for this post: it runs with the branded-content toggle on",
}


class BudgetType(StrEnum):
    DAILY = "daily"
    LIFETIME = "lifetime"


VALID_FOR_DAYS = (7, 30, 60, 90, 180, 365)


DEFAULT_VALID_FOR_DAYS = 30


class Market(StrEnum):
    US = "us"
    FR = "fr"
    IT = "it"
    DE = "de"
    MENA = "mena"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"us": "US", "fr": "FR+", "it": "IT+", "de": "DE+", "mena": "MENA", "other": "Other"}[self]


class AccountType(StrEnum):
    PERSONAL = "personal"
    CREATOR = "creator"
    BUSINESS = "business"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Traction(StrEnum):
    PROVEN = "proven"
    TOO_NEW = "too_new"
    FLAT = "flat"

    @property
    def label(self) -> str:
        return {
            "proven": "Yes: live 48 h+ and gaining traction",
            "too_new": "No: live under 48 h",
            "flat": "No: live, but flat",
        }[self]


class Kind(StrEnum):
    FLIGHT_HOLD = "flight.hold"
    FLIGHT_MIN_REACHED = "flight.min_reached"
    FLIGHT_REVIEW = "flight.review"
    CODE_RENEW = "code.renew"
    CODE_SWAP = "code.swap"
    CODE_EXPIRED = "code.expired"
    SUMMARY_PULL = "summary.pull"
    SUMMARY_OVERDUE = "summary.overdue"

    @property
    def day_based(self) -> bool:
        return not self.value.startswith("code.")

    @property
    def repeats(self) -> bool:
        """A kind planned again and again (the weekly review): a later one asks all an earlier one did."""
        return self is Kind.FLIGHT_REVIEW

    @property
    def chain(self) -> tuple[Kind, ...]:
        """Kinds that supersede one another after downtime, earliest first."""
        return _CHAINS.get(self, (self,))

    def superseded_by(self, later: Kind) -> bool:
        chain = self.chain
        return later in chain and chain.index(later) > chain.index(self)


_CODE_CHAIN = (Kind.CODE_RENEW, Kind.CODE_SWAP, Kind.CODE_EXPIRED)


_SUMMARY_CHAIN = (Kind.SUMMARY_PULL, Kind.SUMMARY_OVERDUE)


_CHAINS = {kind: chain for chain in (_CODE_CHAIN, _SUMMARY_CHAIN) for kind in chain}


class WarningCode(StrEnum):
    FLAT_POST = "flat_post"
    MISALIGNED_OBJECTIVE = "misaligned_objective"
    SHORT_FLIGHT = "short_flight"
    CODE_EXPIRES_IN_FLIGHT = "code_expires_in_flight"
    BUDGET_SPREAD_THIN = "budget_spread_thin"
    MENA_PERSONAL_WEBSITE_CLICKS = "mena_personal_website_clicks"
    PARTNERSHIP_WITHOUT_DISCLOSURE = "partnership_without_disclosure"


class CampaignStatus(StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    ENDED = "ended"
    SUMMARIZED = "summarized"
    CANCELLED = "cancelled"


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    DONE = "done"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


OPEN_REMINDER_STATUSES = (ReminderStatus.PENDING, ReminderStatus.CLAIMED)


class SkipReason(StrEnum):
    """Why the dispatcher skipped a reminder (docs/schedule.md, "Supersession" and "Snoozing").

    The value is what the skipped reminder records as its last error; the label is what its line on the
    summary message says.
    """

    SUPERSEDED = "superseded by a later reminder"
    LATER_REVIEW = "superseded by a later review"
    CODE_LAPSED = "the code expired before this reminder could go out"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _SKIP_LABELS[self]

    @classmethod
    def recorded(cls, text: str | None) -> SkipReason | None:
        """The reason a skipped reminder recorded, or None for text that isn't one (an older error)."""
        try:
            return cls(text)
        except ValueError:
            return None


_SKIP_LABELS = {
    SkipReason.SUPERSEDED: "a later one replaced it",
    SkipReason.LATER_REVIEW: "a later review replaced it",
    SkipReason.CODE_LAPSED: "the code had already expired",
    SkipReason.CANCELLED: "the flight was cancelled",
}


class SummaryStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    POSTED = "posted"  # in its channel: the thread the reminders use
    BY_DM = "by_dm"  # the channel refused for good; the recorder got it by DM
    UNCONFIRMED = "unconfirmed"  # Slack never confirmed two sends: a third could be a second duplicate
    FAILED = "failed"  # neither the channel nor the recorder's DM would take it


OPEN_SUMMARY_STATUSES = (SummaryStatus.PENDING, SummaryStatus.CLAIMED)


TITLES = {
    Kind.FLIGHT_HOLD: "Learning phase: don't pull or edit",
    Kind.FLIGHT_MIN_REACHED: "Minimum flight reached: evaluate",
    Kind.FLIGHT_REVIEW: "Review the creative",
    Kind.CODE_RENEW: "Ask the creator for a new code",
    Kind.CODE_SWAP: "Swap the new code in Ads Manager",
    Kind.CODE_EXPIRED: "Code expired: the ad has stopped",
    Kind.SUMMARY_PULL: "Pull the post-campaign summary",
    Kind.SUMMARY_OVERDUE: "Summary window closed: pull it now",
}


SNOOZE_HOUR = timedelta(hours=1)


class DigestStatus(StrEnum):
    """A weekly digest subscription: waiting for its next Monday, being sent, or turned off."""

    ACTIVE = "active"
    CLAIMED = "claimed"
    OFF = "off"
