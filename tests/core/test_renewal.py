"""The creator's code request, the validity it asks for, and the renewal's states."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.creator_messages import PHRASES, Language
from bot.core.renewal import (
    TRANSITIONS,
    VALIDITY_OPTIONS,
    InvalidRenewalTransition,
    RenewalEvent,
    RenewalState,
    SwapAction,
    SwapSituation,
    advance,
    can,
    creator_request,
    language_for_market,
    summary_window_last_day,
    swap_advice,
    validity_needed,
)

TODAY = date(2026, 6, 1)
POST = "https://www.tiktok.com/@mia.makes/video/7380000000000000001"
ACCOUNT = "7301234567890123"
MARKET_OF = {
    Language.ENGLISH: "us",
    Language.FRENCH: "fr",
    Language.ITALIAN: "it",
    Language.GERMAN: "de",
    Language.ARABIC: "mena",
}


@pytest.mark.parametrize(
    ("must_cover_until", "validity"),
    [
        (TODAY, 7),
        (TODAY - timedelta(days=3), 7),
        (TODAY + timedelta(days=6), 7),  # a 7-day code works today and the 6 days after
        (TODAY + timedelta(days=7), 30),  # …but not on the 8th: its expiry day starts it
        (TODAY + timedelta(days=29), 30),
        (TODAY + timedelta(days=30), 60),
        (TODAY + timedelta(days=59), 60),
        (TODAY + timedelta(days=60), 90),
        (TODAY + timedelta(days=89), 90),
        (TODAY + timedelta(days=179), 180),
        (TODAY + timedelta(days=180), 365),
        (TODAY + timedelta(days=364), 365),
        (TODAY + timedelta(days=365), None),
    ],
)
def test_validity_is_the_shortest_option_that_covers(must_cover_until, validity):
    assert validity_needed(TODAY, must_cover_until) == validity


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)), st.integers(-30, 800))
def test_validity_covers_and_no_shorter_option_would(today, days_ahead):
    until = today + timedelta(days=days_ahead)
    validity = validity_needed(today, until)
    if validity is None:
        assert today + timedelta(days=max(VALIDITY_OPTIONS) - 1) < until
        return
    assert validity in VALIDITY_OPTIONS
    # Working through today + validity - 1, the code covers the last day it must.
    assert today + timedelta(days=validity - 1) >= until
    shorter = [option for option in VALIDITY_OPTIONS if option < validity]
    assert all(today + timedelta(days=option - 1) < until for option in shorter)


@pytest.mark.parametrize(
    ("window", "last_day"),
    [
        (timedelta(hours=48), date(2026, 6, 16)),
        (timedelta(hours=24), date(2026, 6, 15)),
        (timedelta(hours=36), date(2026, 6, 16)),
        (timedelta(0), date(2026, 6, 14)),
    ],
)
def test_summary_window_last_day(window, last_day):
    assert summary_window_last_day(date(2026, 6, 14), window) == last_day


@pytest.mark.parametrize(
    ("market", "language"),
    [
        ("us", Language.ENGLISH),
        ("other", Language.ENGLISH),
        (None, Language.ENGLISH),
        ("", Language.ENGLISH),
        ("fr", Language.FRENCH),
        ("FR+", Language.FRENCH),
        ("it", Language.ITALIAN),
        ("IT+", Language.ITALIAN),
        ("de", Language.GERMAN),
        ("DE+", Language.GERMAN),
        ("mena", Language.ARABIC),
        ("MENA", Language.ARABIC),
        ("uk", Language.ENGLISH),
    ],
)
def test_the_market_suggests_the_language(market, language):
    assert language_for_market(market) == language


def request(market, **overrides):
    args = {
        "post_url": POST,
        "ad_account_id": ACCOUNT,
        "creator_handle": "mia.makes",
        "flight_last_day": date(2026, 6, 14),
        "summary_window_end": date(2026, 6, 16),
        "today": TODAY,
        "market": market,
    }
    return creator_request(**(args | overrides))


# What each language must say, in its own words: the validity, and words that only its translation has.
@pytest.mark.parametrize(
    ("market", "language", "validity", "own_words"),
    [
        ("us", Language.ENGLISH, "30 days", ("Ad settings", "Ad authorization", "privately", "June 16, 2026")),
        ("fr", Language.FRENCH, "30 jours", ("Paramètres publicitaires", "en privé", "16 juin 2026")),
        ("it", Language.ITALIAN, "30 giorni", ("Impostazioni annunci", "in privato", "16 giugno 2026")),
        ("de", Language.GERMAN, "30 Tagen", ("Werbeeinstellungen", "privat", "16. Juni 2026")),
        ("mena", Language.ARABIC, "30 يومًا", ("إعدادات الإعلان", "بشكل خاص", "16 يونيو 2026")),
    ],
)
def test_the_request_in_each_language(market, language, validity, own_words):
    made = request(market)
    assert made.language is language
    assert made.validity_days == 30
    assert made.covers_until == date(2026, 6, 16)
    assert made.covered
    assert validity in made.text
    for words in own_words:
        assert words in made.text


@pytest.mark.parametrize("language", list(Language))
def test_every_language_names_the_post_the_account_and_the_validity(language):
    text = request(MARKET_OF[language], summary_window_end=date(2026, 6, 20)).text
    lines = text.splitlines()
    # The link and the account stand alone on their lines: clickable, and readable right to left.
    assert POST in lines
    assert ACCOUNT in lines
    assert "@mia.makes" in text
    assert "⋯" in text
    assert PHRASES[language].days(30) in text
    # The steps in the app, in order.
    steps = [line for line in lines if line[:2] in {"1.", "2.", "3.", "4.", "5."}]
    assert [step[:2] for step in steps] == ["1.", "2.", "3.", "4.", "5."]
    assert "Ad settings" in steps[2]
    assert "Ad authorization" in steps[3]
    assert PHRASES[language].days(30) in steps[4]
    # No Slack markup: the caller escapes for wherever the text goes.
    assert not any(mark in text for mark in ("*", "<", ">", "`"))


@pytest.mark.parametrize("language", list(Language))
def test_every_language_warns_about_edits_accounts_and_privacy(language):
    phrases = PHRASES[language]
    text = request(MARKET_OF[language]).text
    assert phrases.one_per_account in text
    assert phrases.privately in text
    assert phrases.no_edits.split("{")[0] in text


@pytest.mark.parametrize(
    ("today", "last_day", "window_end", "validity", "covered"),
    [
        (date(2026, 6, 1), date(2026, 6, 4), date(2026, 6, 6), 7, True),
        (date(2026, 6, 1), date(2026, 6, 5), date(2026, 6, 7), 7, True),
        (date(2026, 6, 1), date(2026, 6, 6), date(2026, 6, 8), 30, True),
        (date(2026, 6, 1), date(2026, 6, 5), None, 7, True),
        (date(2026, 6, 1), date(2026, 9, 1), date(2026, 9, 3), 180, True),
        (date(2026, 6, 1), date(2027, 6, 1), date(2027, 6, 3), 365, False),
    ],
)
def test_the_request_asks_for_what_covers_the_flight_and_its_summary(today, last_day, window_end, validity, covered):
    made = request("us", today=today, flight_last_day=last_day, summary_window_end=window_end)
    assert (made.validity_days, made.covered) == (validity, covered)
    assert f"validity of {validity} days" in made.text
    assert ("longest option" in made.text) is not covered


def test_the_longest_validity_says_another_code_will_follow_in_every_language():
    for market in MARKET_OF.values():
        made = request(market, flight_last_day=date(2027, 8, 1), summary_window_end=date(2027, 8, 3))
        phrases = PHRASES[made.language]
        assert not made.covered
        assert phrases.longest.format(validity=phrases.days(365)) in made.text
        assert phrases.covers.split("}")[1].split("{")[0] not in made.text


@pytest.mark.parametrize(
    ("handle", "greeting"),
    [("mia.makes", "Hi @mia.makes,"), ("@mia.makes", "Hi @mia.makes,"), (None, "Hi,"), ("", "Hi,"), ("@", "Hi,")],
)
def test_the_greeting_names_the_creator_when_known(handle, greeting):
    assert request("us", creator_handle=handle).text.splitlines()[0] == greeting


def test_a_first_code_is_not_called_new():
    assert "a new Spark Ads" in request("us").text
    assert "a new Spark Ads" not in request("us", renewal=False).text
    assert "un nouveau code" not in request("fr", renewal=False).text


def test_braces_in_a_link_are_left_alone():
    odd = "https://example.com/{post}?q={x}"
    assert odd in request("de", post_url=odd).text.splitlines()


def test_arabic_counts_days_as_arabic_does():
    days = PHRASES[Language.ARABIC].days
    assert days(7) == "7 أيام"
    assert days(30) == "30 يومًا"
    assert days(365) == "365 يومًا"


# The renewal states.


@pytest.mark.parametrize(
    ("state", "event", "after"),
    [
        (RenewalState.NONE, RenewalEvent.REQUEST, RenewalState.REQUESTED),
        (RenewalState.NONE, RenewalEvent.RECEIVE, RenewalState.RECEIVED),
        (RenewalState.NONE, RenewalEvent.SWAP, None),
        (RenewalState.REQUESTED, RenewalEvent.REQUEST, RenewalState.REQUESTED),
        (RenewalState.REQUESTED, RenewalEvent.RECEIVE, RenewalState.RECEIVED),
        (RenewalState.REQUESTED, RenewalEvent.SWAP, None),
        (RenewalState.RECEIVED, RenewalEvent.REQUEST, None),
        (RenewalState.RECEIVED, RenewalEvent.RECEIVE, RenewalState.RECEIVED),
        (RenewalState.RECEIVED, RenewalEvent.SWAP, RenewalState.SWAPPED),
        (RenewalState.SWAPPED, RenewalEvent.REQUEST, None),
        (RenewalState.SWAPPED, RenewalEvent.RECEIVE, None),
        (RenewalState.SWAPPED, RenewalEvent.SWAP, None),
    ],
)
def test_transitions(state, event, after):
    assert can(state, event) is (after is not None)
    if after is None:
        with pytest.raises(InvalidRenewalTransition):
            advance(state, event)
    else:
        assert advance(state, event) is after


def test_the_table_covers_every_pair_the_test_lists():
    assert len(TRANSITIONS) == 6


@given(st.lists(st.sampled_from(list(RenewalEvent)), max_size=12))
def test_swapped_is_reached_only_through_received(events):
    state, seen = RenewalState.NONE, [RenewalState.NONE]
    for event in events:
        if can(state, event):
            state = advance(state, event)
            seen.append(state)
    if RenewalState.SWAPPED in seen:
        assert seen.index(RenewalState.RECEIVED) < seen.index(RenewalState.SWAPPED)
        assert seen[-1] is RenewalState.SWAPPED


@pytest.mark.parametrize(
    ("state", "situation", "offers", "send", "stops", "says"),
    [
        (
            RenewalState.NONE,
            SwapSituation.NOT_ANSWERED,
            (SwapAction.END_FLIGHT, SwapAction.CODE_RENEWED),
            True,
            False,
            "end the flight",
        ),
        (
            RenewalState.REQUESTED,
            SwapSituation.NOT_ANSWERED,
            (SwapAction.END_FLIGHT, SwapAction.CODE_RENEWED),
            True,
            False,
            "hasn't answered",
        ),
        (RenewalState.RECEIVED, SwapSituation.AWAITING_SWAP, (SwapAction.SWAPPED,), True, False, "swap it"),
        (RenewalState.SWAPPED, SwapSituation.DONE, (), False, True, "nothing left"),
    ],
)
def test_what_the_swap_reminder_says_and_offers(state, situation, offers, send, stops, says):
    advice = swap_advice(state)
    assert advice.situation is situation
    assert advice.offers == offers
    assert (advice.send, advice.stops_code_reminders) == (send, stops)
    assert says in advice.says


@pytest.mark.parametrize(
    ("action", "label", "event"),
    [
        (SwapAction.END_FLIGHT, "Pause: end the flight", None),
        (SwapAction.CODE_RENEWED, "Code renewed", RenewalEvent.RECEIVE),
        (SwapAction.SWAPPED, "Swapped in Ads Manager", RenewalEvent.SWAP),
    ],
)
def test_actions_name_their_buttons_and_events(action, label, event):
    assert action.label == label
    assert action.event is event


@pytest.mark.parametrize("state", list(RenewalState))
def test_every_offered_action_is_allowed_in_its_state(state):
    for action in swap_advice(state).offers:
        assert action.event is None or can(state, action.event)
