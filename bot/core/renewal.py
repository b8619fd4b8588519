"""Renewing a creator's authorization code: what to ask for, and where the renewal stands.

docs/domain.md explains the code: one per ad account, chosen validity, and an ad that quietly stops
when it lapses. docs/schedule.md has the reminders that chase it: ask 72 h before the expiry, swap
24 h before, and end the flight rather than let it die if the creator has gone silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from babel.dates import format_date

from bot.core.calendar import days_through
from bot.core.creator_messages import PHRASES, Language

# The validities TikTok offers when a creator generates a code, in days.
VALIDITY_OPTIONS: tuple[int, ...] = (7, 30, 60, 90, 180, 365)
# The summary window closes 48 h after the flight ends (`REMIND_*` settings in the README).
SUMMARY_WINDOW = timedelta(hours=48)


def validity_needed(today: date, must_cover_until: date) -> int | None:
    """The shortest validity whose code, issued `today`, still works all of `must_cover_until`.

    A code's expiry counts from the start of its expiry day (docs/schedule.md: its hour of issue is
    unknown), so a code issued today for N days works through today + N - 1. None when even the
    longest option falls short: the request then asks for the longest, and a later renewal follows.
    """
    days_needed = days_through(today, must_cover_until)
    return next((option for option in VALIDITY_OPTIONS if option >= days_needed), None)


def summary_window_last_day(flight_last_day: date, window: timedelta = SUMMARY_WINDOW) -> date:
    """The owner's last calendar day of the summary window, the flight ending at its last midnight.

    The flight ends at the midnight after `flight_last_day`; a 48 h window closes two midnights later,
    so its last day is two days after the flight's. Part of a day counts as the whole day.
    """
    whole_days = -(-window // timedelta(days=1))
    return flight_last_day + timedelta(days=max(whole_days, 0))


_LANGUAGE_BY_MARKET = {
    "fr": Language.FRENCH,
    "it": Language.ITALIAN,
    "de": Language.GERMAN,
    "mena": Language.ARABIC,
}


def language_for_market(market: str | None) -> Language:
    """The creator's likely language: FR → French, IT → Italian, DE → German, MENA → Arabic, else English.

    Accepts the intake's market values ("fr", "mena") and their labels ("FR+", "MENA").
    """
    key = (market or "").strip().lower().rstrip("+")
    return _LANGUAGE_BY_MARKET.get(key, Language.ENGLISH)


@dataclass(frozen=True)
class RenewalRequest:
    language: Language
    text: str
    validity_days: int
    """The validity the message asks for."""
    covers_until: date
    """The last day the code must work: the flight's last day or the summary window's, whichever is later."""
    covered: bool
    """False when even the longest validity ends before `covers_until`: another renewal will be needed."""


def creator_request(
    post_url: str,
    ad_account_id: str,
    creator_handle: str | None,
    flight_last_day: date,
    summary_window_end: date | None,
    today: date,
    market: str | None,
    *,
    renewal: bool = True,
) -> RenewalRequest:
    """A ready-to-send message asking the creator for a code for one post and one ad account.

    `flight_last_day` and `summary_window_end` are the owner's calendar days (the latter the summary
    window's last day, see `summary_window_last_day`; None reads as the flight's last day); `today`
    is the owner's today. `renewal=False` words it as the first code rather than a new one.
    """
    language = language_for_market(market)
    phrases = PHRASES[language]
    covers_until = max(flight_last_day, summary_window_end or flight_last_day)
    needed = validity_needed(today, covers_until)
    validity = needed or VALIDITY_OPTIONS[-1]

    def day(d: date) -> str:
        return format_date(d, "long", locale=language.value)

    fields = {
        "validity": phrases.days(validity),
        "until": day(covers_until),
        "last_day": day(flight_last_day),
        "handle": _handle(creator_handle),
    }
    has_handle = bool(creator_handle and creator_handle.strip("@ "))

    def say(template: str) -> str:
        # Only our templates are formatted: a brace in a link or a handle stays as it is.
        return template.format(**fields)

    paragraphs = [
        "\n".join(
            [
                say(phrases.greeting if has_handle else phrases.greeting_no_handle),
                say(phrases.ask_renewal if renewal else phrases.ask_first),
                post_url.strip(),
            ]
        ),
        "\n".join([say(phrases.account), ad_account_id.strip()]),
        "\n".join(say(step) for step in phrases.steps),
        say(phrases.covers if needed else phrases.longest),
        "\n".join(say(line) for line in (phrases.one_per_account, phrases.no_edits, phrases.privately)),
        say(phrases.thanks),
    ]
    text = "\n\n".join(paragraphs)
    return RenewalRequest(language, text, validity, covers_until, needed is not None)


def _handle(creator_handle: str | None) -> str:
    return "@" + (creator_handle or "").strip().lstrip("@")


class RenewalState(StrEnum):
    """Where the renewal of one code (one post, one ad account) stands."""

    NONE = "none"
    """Nothing asked yet."""
    REQUESTED = "requested"
    """The creator has been asked for a new code."""
    RECEIVED = "received"
    """A new code came in and its expiry was entered; it isn't in Ads Manager yet."""
    SWAPPED = "swapped"
    """The new code is confirmed in Ads Manager."""


class RenewalEvent(StrEnum):
    REQUEST = "request"
    """The owner sent (or re-sent) the request to the creator."""
    RECEIVE = "receive"
    """A new expiry was entered ("Code renewed"); entering it again corrects it."""
    SWAP = "swap"
    """The owner confirmed the swap in Ads Manager."""


class InvalidRenewalTransition(ValueError):
    def __init__(self, state: RenewalState, event: RenewalEvent) -> None:
        super().__init__(f"a renewal that is {state.value} can't take {event.value}")
        self.state = state
        self.event = event


TRANSITIONS: dict[tuple[RenewalState, RenewalEvent], RenewalState] = {
    (RenewalState.NONE, RenewalEvent.REQUEST): RenewalState.REQUESTED,
    # The creator may send a code unasked, or be asked outside Flightdeck.
    (RenewalState.NONE, RenewalEvent.RECEIVE): RenewalState.RECEIVED,
    (RenewalState.REQUESTED, RenewalEvent.REQUEST): RenewalState.REQUESTED,
    (RenewalState.REQUESTED, RenewalEvent.RECEIVE): RenewalState.RECEIVED,
    (RenewalState.RECEIVED, RenewalEvent.RECEIVE): RenewalState.RECEIVED,
    (RenewalState.RECEIVED, RenewalEvent.SWAP): RenewalState.SWAPPED,
}


def can(state: RenewalState, event: RenewalEvent) -> bool:
    return (state, event) in TRANSITIONS


def advance(state: RenewalState, event: RenewalEvent) -> RenewalState:
    """The state after `event`. A swap needs a received code; a swapped code's renewal is over.

    Raises InvalidRenewalTransition otherwise (a stale button, a forged value).
    """
    try:
        return TRANSITIONS[state, event]
    except KeyError:
        raise InvalidRenewalTransition(state, event) from None


def next_state(state: RenewalState, event: RenewalEvent) -> RenewalState:
    """`advance`, across rounds: a swapped renewal is over, so a new request or code starts the next one.

    A long flight may need a second renewal of the same ad account's code, once the first is swapped.
    """
    if state is RenewalState.SWAPPED and event is not RenewalEvent.SWAP:
        state = RenewalState.NONE
    return advance(state, event)


def state_for_code(state: RenewalState, swap_by: datetime | None, code_expires_at: datetime | None) -> RenewalState:
    """The renewal state as a reminder about the code expiring at `code_expires_at` sees it.

    While a new code waits (RECEIVED), the reminders about the code still in Ads Manager (`swap_by`)
    are about that renewal; those about the new code belong to its own renewal, not asked for yet.
    Once swapped, the new code's reminders are a new round too.
    """
    if state is RenewalState.RECEIVED and swap_by is not None and code_expires_at == swap_by:
        return state
    if state in (RenewalState.RECEIVED, RenewalState.SWAPPED):
        return RenewalState.NONE
    return state


class SwapSituation(StrEnum):
    NOT_ANSWERED = "not_answered"
    AWAITING_SWAP = "awaiting_swap"
    DONE = "done"


class SwapAction(StrEnum):
    """What the swap reminder offers. Values are stable: they can name buttons."""

    END_FLIGHT = "end_flight"
    CODE_RENEWED = "code_renewed"
    SWAPPED = "swapped"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]

    @property
    def event(self) -> RenewalEvent | None:
        """The renewal event the action records; ending the flight records none (the flight ends)."""
        return _ACTION_EVENTS[self]


_ACTION_LABELS = {
    SwapAction.END_FLIGHT: "Pause: end the flight",
    SwapAction.CODE_RENEWED: "Code renewed",
    SwapAction.SWAPPED: "Swapped in Ads Manager",
}
_ACTION_EVENTS = {
    SwapAction.END_FLIGHT: None,
    SwapAction.CODE_RENEWED: RenewalEvent.RECEIVE,
    SwapAction.SWAPPED: RenewalEvent.SWAP,
}


@dataclass(frozen=True)
class SwapAdvice:
    situation: SwapSituation
    says: str
    """Plain English, no markup."""
    offers: tuple[SwapAction, ...]
    send: bool
    """Whether the swap reminder goes out at all."""
    stops_code_reminders: bool
    """Whether the code's remaining reminders (swap, expired) are done with."""


def swap_advice(state: RenewalState) -> SwapAdvice:
    """What the swap reminder (24 h before the expiry) says and offers, given the renewal's state."""
    if state in (RenewalState.NONE, RenewalState.REQUESTED):
        # Said after the expiry's date and time: the reminder names those first.
        asked = "hasn't sent a new code"
        if state is RenewalState.REQUESTED:
            asked = "was asked for a new code and hasn't answered"
        return SwapAdvice(
            SwapSituation.NOT_ANSWERED,
            f"The creator {asked}. If no code comes, pause: end the flight rather than let the ad stop quietly.",
            (SwapAction.END_FLIGHT, SwapAction.CODE_RENEWED),
            send=True,
            stops_code_reminders=False,
        )
    if state is RenewalState.RECEIVED:
        return SwapAdvice(
            SwapSituation.AWAITING_SWAP,
            "The creator's new code is in: swap it in Ads Manager before the old one expires.",
            (SwapAction.SWAPPED,),
            send=True,
            stops_code_reminders=False,
        )
    return SwapAdvice(
        SwapSituation.DONE,
        "The new code is in Ads Manager: nothing left to do for this code.",
        (),
        send=False,
        stops_code_reminders=True,
    )
