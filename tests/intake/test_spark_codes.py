"""Spark codes: one per post and ad account, each with its expiry shown as soon as it is entered.

Spark records, per post and ad account, the authorization's expiry. A test of several
creators or cuts records each post's code; a typical intake has one code for the intake's post and
is asked no post link more.
"""

from datetime import UTC, datetime

import pytest

from tests.support.intake import POST, SPARK_ANSWERS, spark_view
from tests.support.modal import block, block_ids, texts

CUT = "https://www.tiktok.com/@maria.cooks/video/7309999999999999999"
OTHER_CREATOR = "https://www.tiktok.com/@leo.bakes/video/7301111111111111111"
ACCOUNT = SPARK_ANSWERS["ad_account_0"]
SECOND_ACCOUNT = "7098765432109876543"
NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


def note(view, index: int) -> str:
    return texts(block(view, f"code_expiry_note_{index}"))


def test_one_code_asks_for_no_post_link_of_its_own(flightdeck):
    view = spark_view(flightdeck)

    assert "code_post_0" not in block_ids(view)
    assert block(view, "ad_account_0")["label"]["text"] == "Ad account ID"


def test_each_post_and_ad_account_records_its_own_code(flightdeck_any):
    flightdeck = flightdeck_any
    view = spark_view(flightdeck)
    for _ in range(3):
        view = flightdeck.press_in_modal(view, "add_ad_account")
    answers = {
        **SPARK_ANSWERS,
        "flight_end": "2026-12-20",
        # The intake's post in two ad accounts, a second cut and another creator's post.
        "ad_account_1": SECOND_ACCOUNT,
        "code_expires_1": "2026-12-10",
        "code_post_2": CUT + "?is_from_webapp=1",
        "ad_account_2": ACCOUNT,
        "code_valid_days_2": "7",
        "code_post_3": OTHER_CREATOR,
        "ad_account_3": ACCOUNT,
        "code_expires_3": "2027-01-15",
    }
    view = flightdeck.change(view, answers, dispatch="flight_end")

    reply = flightdeck.submit(view, answers)

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.post_url == POST
    assert [(a.post_url, a.ad_account_id, a.expires_at) for a in flightdeck.authorizations()] == [
        (POST, ACCOUNT, datetime(2026, 12, 23, 5, tzinfo=UTC)),  # issued today, the default 30 days
        (POST, SECOND_ACCOUNT, datetime(2026, 12, 10, 5, tzinfo=UTC)),
        (CUT, ACCOUNT, datetime(2026, 11, 30, 5, tzinfo=UTC)),  # the canonical link, 7 days
        (OTHER_CREATOR, ACCOUNT, datetime(2027, 1, 15, 5, tzinfo=UTC)),
    ]
    # Each lapsing code gets its own renewal reminders.
    renewals = {r.authorization_id for r in flightdeck.reminders() if r.kind == "code.renew"}
    assert renewals == {a.id for a in flightdeck.authorizations()[1:3]}
    # The summary names each code's post when the codes are for several posts.
    flightdeck.emulator.wait_for(lambda: flightdeck.emulator.posts())
    summary = texts(flightdeck.emulator.posts()[0].answer["message"]["blocks"])
    codes = summary[summary.index("*Spark codes*") :].splitlines()[1:5]
    assert [line.split(" · ")[0] for line in codes] == [f"• <{url}|post>" for url in (POST, POST, CUT, OTHER_CREATOR)]


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("https://www.instagram.com/p/C0abcdEFgh/", "isn't a TikTok post link"),
        ("https://a><!channel><@www.tiktok.com/@maria/video/7301234567890123456", "isn't a TikTok post link"),
        (POST + "?" + "x" * 500, "at most 500 characters"),
    ],
)
def test_a_codes_post_link_is_checked_like_the_intakes(flightdeck, link, says):
    view = flightdeck.press_in_modal(spark_view(flightdeck), "add_ad_account")

    answer = flightdeck.submit(view, {**SPARK_ANSWERS, "code_post_1": link, "ad_account_1": SECOND_ACCOUNT}).json()

    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["code_post_1"]
    assert says in answer["errors"]["code_post_1"]
    assert flightdeck.row_counts() == NOTHING


def test_the_same_ad_account_twice_for_one_post_is_a_mistake(flightdeck):
    view = flightdeck.press_in_modal(spark_view(flightdeck), "add_ad_account")

    answer = flightdeck.submit(view, {**SPARK_ANSWERS, "code_post_1": POST, "ad_account_1": ACCOUNT}).json()

    assert answer["errors"] == {"ad_account_1": "This ad account is already listed for this post."}


def test_each_code_shows_when_it_expires_as_it_is_entered(flightdeck):
    view = spark_view(flightdeck)
    assert note(view, 0) == "→ expires Wed 23 Dec"  # issued today, valid the default 30 days

    view = flightdeck.change(view, {"code_valid_days_0": "7"}, dispatch="code_valid_days_0")
    assert note(view, 0) == "→ expires Mon 30 Nov"

    view = flightdeck.change(view, {"code_valid_days_0": "365"}, dispatch="code_valid_days_0")
    assert note(view, 0) == "→ expires Tue 23 Nov 2027"

    view = flightdeck.change(view, {"code_issued_0": "2026-10-01", "code_valid_days_0": "30"}, dispatch="code_issued_0")
    assert note(view, 0) == "→ *expired Sat 31 Oct*: ask the creator for a new code"

    view = flightdeck.change(view, {"code_expires_0": "2026-12-05"}, dispatch="code_expires_0")
    assert note(view, 0) == "→ expires Sat 5 Dec"  # the date picked wins over issue date + validity

    view = flightdeck.change(view, {"code_issued_0": None, "code_expires_0": None}, dispatch="code_issued_0")
    assert note(view, 0) == "→ pick the day the code was issued, or the day it expires"


def test_an_expired_code_is_flagged_on_the_issue_date_it_was_computed_from(flightdeck):
    answers = {**SPARK_ANSWERS, "code_issued_0": "2026-10-01"}
    view = flightdeck.change(spark_view(flightdeck), answers, dispatch="code_issued_0")

    answer = flightdeck.submit(view, answers).json()

    assert answer["errors"] == {
        "code_issued_0": "30 days from this issue date, the code expired Sat 31 Oct: ask the creator for a new one."
    }
