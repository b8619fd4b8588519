"""What a button's value, a picked option or a modal's metadata may name: a row's id, or nothing."""

from __future__ import annotations

import pytest

from bot.core.intake import ID_DIGITS, record_id, whole_number
from bot.slack.change_views import ChangeOrigin
from bot.slack.flight_menu import read_choice
from bot.slack.ids import MenuChoice
from bot.slack.renewal_views import MAX_CODES, codes_metadata, codes_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        ("0", 0),
        ("9" * ID_DIGITS, int("9" * ID_DIGITS)),
        ("9" * (ID_DIGITS + 1), None),  # may not fit a 64-bit id
        ("", None),
        (" 42", None),
        ("+42", None),
        ("-42", None),
        ("4_2", None),
        ("４２", None),  # full-width digits: isdigit() says yes
        ("²", None),
        (42, None),  # only text comes from Slack
        (None, None),
    ],
)
def test_an_id_is_a_short_run_of_ascii_digits(raw, expected):
    assert record_id(raw) == expected


def test_the_limit_is_the_callers():
    assert record_id("1234", max_digits=4) == 1234
    assert record_id("12345", max_digits=4) is None
    assert whole_number("1" * 40) == int("1" * 40)
    assert whole_number("1" * 40, max_digits=39) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"{MenuChoice.EXTEND}:12", (MenuChoice.EXTEND, 12)),
        (f"{MenuChoice.EXTEND}:+12", None),
        (f"{MenuChoice.EXTEND}: 12", None),
        (f"{MenuChoice.EXTEND}:{'9' * 19}", None),
        ("nonsense:12", None),
        (f"{MenuChoice.EXTEND}", None),
    ],
)
def test_a_flight_menu_value_names_a_choice_and_a_flight(value, expected):
    assert read_choice(value) == expected


def test_an_ask_modal_carries_a_short_list_of_code_ids():
    origin = ChangeOrigin(campaign_id=7, channel="C1", ts="1.2")
    assert codes_of(codes_metadata(origin, [3, 4])) == [3, 4]
    assert codes_of(codes_metadata(origin, list(range(MAX_CODES + 1)))) == []
