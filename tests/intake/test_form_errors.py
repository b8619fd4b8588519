"""Validating an intake submission into inline errors: each mistake on its own field, good input passing.

Values are built from the real modal as Slack reports it (tests/support/modal.py), so every error must
also be keyed to an input block that is on screen, or Slack would reject the whole `errors` response.
"""

from __future__ import annotations

import pytest

from bot.core.vocabulary import Tool
from bot.intake.form import read_form
from bot.intake.validation import validate
from tests.support.intake import POST
from tests.support.intake_form import ACCOUNT, GOOD, PROMOTE, SHORT, SPARK, TODAY, modal, submit
from tests.support.modal import state_values

# -- each mistake is reported on its own field ------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "changes", "block_id", "says"),
    [
        # The flight
        pytest.param(
            PROMOTE, {"flight_end": "2026-11-22"}, "flight_end", "ends before it starts", id="end-before-start"
        ),
        pytest.param(PROMOTE, {"flight_start": None}, "flight_start", "starts", id="no-start"),
        pytest.param(PROMOTE, {"flight_end": None}, "flight_end", "ends", id="no-end"),
        # The post link
        pytest.param(
            PROMOTE,
            {"post_url": "https://www.instagram.com/p/Cx12345678/"},
            "post_url",
            "isn't a TikTok post",
            id="url-instagram",
        ),
        pytest.param(
            PROMOTE,
            {"post_url": "https://tiktok.com.example.net/@maria.cooks/video/7301234567890123456"},
            "post_url",
            "isn't a TikTok post",
            id="url-lookalike-host",
        ),
        pytest.param(
            PROMOTE,
            {"post_url": "https://nottiktok.com/@maria.cooks/video/7301234567890123456"},
            "post_url",
            "isn't a TikTok post",
            id="url-host-ending-in-tiktok",
        ),
        pytest.param(
            PROMOTE,
            {"post_url": "https://www.tiktok.com/@maria.cooks"},
            "post_url",
            "isn't a TikTok post",
            id="url-profile-not-post",
        ),
        pytest.param(
            PROMOTE,
            {"post_url": "ftp://www.tiktok.com/@maria.cooks/video/7301234567890123456"},
            "post_url",
            "isn't a TikTok post",
            id="url-not-web",
        ),
        pytest.param(
            PROMOTE, {"post_url": "maria's latest video"}, "post_url", "isn't a TikTok post", id="url-not-a-link"
        ),
        pytest.param(
            PROMOTE, {"post_url": "https://[vm.tiktok.com/abc"}, "post_url", "isn't a TikTok post", id="url-unparseable"
        ),
        pytest.param(PROMOTE, {"post_url": None}, "post_url", "Paste the link", id="url-missing"),
        # The creator's handle
        pytest.param(
            PROMOTE, {"creator_handle": "@m"}, "creator_handle", "isn't a TikTok handle", id="handle-too-short"
        ),
        pytest.param(
            PROMOTE, {"creator_handle": "@" + "m" * 25}, "creator_handle", "isn't a TikTok handle", id="handle-too-long"
        ),
        pytest.param(
            PROMOTE, {"creator_handle": "@maria-cooks"}, "creator_handle", "isn't a TikTok handle", id="handle-hyphen"
        ),
        pytest.param(
            PROMOTE, {"creator_handle": "@maria cooks"}, "creator_handle", "isn't a TikTok handle", id="handle-space"
        ),
        pytest.param(
            PROMOTE,
            {"creator_handle": "@maria.cooks."},
            "creator_handle",
            "isn't a TikTok handle",
            id="handle-trailing-dot",
        ),
        pytest.param(
            PROMOTE, {"creator_handle": "@.maria"}, "creator_handle", "isn't a TikTok handle", id="handle-leading-dot"
        ),
        pytest.param(
            PROMOTE, {"creator_handle": "@@maria"}, "creator_handle", "isn't a TikTok handle", id="handle-two-ats"
        ),
        pytest.param(PROMOTE, {"creator_handle": None}, "creator_handle", "Enter the creator", id="handle-missing"),
        # The budget
        pytest.param(PROMOTE, {"budget_amount": "fifty"}, "budget_amount", "must be a number", id="budget-words"),
        pytest.param(PROMOTE, {"budget_amount": "NaN"}, "budget_amount", "must be a number", id="budget-nan"),
        pytest.param(PROMOTE, {"budget_amount": "Infinity"}, "budget_amount", "must be a number", id="budget-infinite"),
        pytest.param(PROMOTE, {"budget_amount": "0"}, "budget_amount", "more than zero", id="budget-zero"),
        pytest.param(PROMOTE, {"budget_amount": "0.00"}, "budget_amount", "more than zero", id="budget-zero-cents"),
        pytest.param(PROMOTE, {"budget_amount": "-50"}, "budget_amount", "more than zero", id="budget-negative"),
        pytest.param(PROMOTE, {"budget_amount": "100000000"}, "budget_amount", "too large", id="budget-absurd"),
        pytest.param(PROMOTE, {"budget_amount": None}, "budget_amount", "Enter the budget", id="budget-missing"),
        pytest.param(PROMOTE, {"currency": None}, "currency", "currency", id="currency-missing"),
        # The other required fields
        pytest.param(PROMOTE, {"client": None}, "client", "client", id="client-missing"),
        pytest.param(PROMOTE, {"objective_promote": None}, "objective_promote", "objective", id="objective-missing"),
        pytest.param(SPARK, {"objective_spark": None}, "objective_spark", "objective", id="spark-objective-missing"),
        pytest.param(PROMOTE, {"market": None}, "market", "market", id="market-missing"),
        pytest.param(PROMOTE, {"account_type": None}, "account_type", "account type", id="account-type-missing"),
        pytest.param(PROMOTE, {"organic_traction": None}, "organic_traction", "traction", id="traction-missing"),
        pytest.param(PROMOTE, {"owner": None}, "owner", "owns this flight", id="owner-missing"),
        # Spark authorization
        pytest.param(
            SPARK,
            {"code_issued_0": "2026-11-23", "code_expires_0": "2026-11-22"},
            "code_expires_0",
            "can't expire before it was issued",
            id="expiry-before-issue",
        ),
        pytest.param(
            SPARK,
            {"code_expires_0": "2026-11-23"},
            "code_expires_0",
            "This code expired Mon 23 Nov: ask the creator for a new one.",
            id="explicit-expiry-today",
        ),
        # Computed from the issue date: the error is on the date the person picked, not on the empty expiry.
        pytest.param(
            SPARK,
            {"code_issued_0": "2026-10-01", "code_valid_days_0": "30"},
            "code_issued_0",
            "30 days from this issue date, the code expired Sat 31 Oct: ask the creator for a new one.",
            id="issued-plus-validity-in-the-past",
        ),
        pytest.param(
            SPARK,
            {"code_issued_0": "2026-10-20", "code_valid_days_0": "30", "code_expires_0": "2026-11-20"},
            "code_expires_0",
            "This code expired Fri 20 Nov",
            id="explicit-expiry-wins-over-the-issue-date",
        ),
        pytest.param(SPARK, {"code_issued_0": None}, "code_issued_0", "issued the code", id="no-issue-date-nor-expiry"),
        pytest.param(SPARK, {"ad_account_0": "adv-acme"}, "ad_account_0", "are 16–20 digits", id="ad-account-letters"),
        pytest.param(SPARK, {"ad_account_0": "12345"}, "ad_account_0", "looks like the authorization code", id="short"),
        pytest.param(SPARK, {"ad_account_0": "123456"}, "ad_account_0", "never paste it here", id="six-digit-code"),
        pytest.param(
            SPARK, {"ad_account_0": "701234567890123"}, "ad_account_0", "never paste it here", id="fifteen-digits"
        ),
        pytest.param(
            SPARK, {"ad_account_0": "7012 3456 7890 1234"}, "ad_account_0", "are 16–20 digits", id="ad-account-spaces"
        ),
        pytest.param(
            SPARK, {"ad_account_0": "٧٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"}, "ad_account_0", "are 16–20 digits", id="non-ascii-digits"
        ),
        pytest.param(SPARK, {"ad_account_0": None}, "ad_account_0", "Enter the ad account", id="ad-account-missing"),
        pytest.param(SPARK, {"ad_groups": "0"}, "ad_groups", "whole number", id="ad-groups-zero"),
        pytest.param(SPARK, {"ad_groups": "²"}, "ad_groups", "whole number", id="ad-groups-superscript"),
        pytest.param(PROMOTE, {"budget_amount": "0.001"}, "budget_amount", "smallest budget", id="budget-0.001"),
        pytest.param(PROMOTE, {"budget_amount": "0.005"}, "budget_amount", "smallest budget", id="budget-0.005"),
        pytest.param(SPARK, {"ad_groups": "two"}, "ad_groups", "whole number", id="ad-groups-words"),
    ],
)
def test_a_mistake_is_reported_on_its_own_field(tool, changes, block_id, says):
    errors = submit(tool, changes)

    assert list(errors) == [block_id]
    assert says in errors[block_id]


def test_a_duplicate_ad_account_is_flagged_on_the_second_one():
    errors = submit(SPARK, {"ad_account_1": ACCOUNT}, accounts=2)

    assert errors == {"ad_account_1": "This ad account is already listed for this post."}


def test_each_ad_account_is_checked_on_its_own_blocks():
    errors = submit(SPARK, {"ad_account_1": "abc", "code_issued_1": "2026-09-01", "code_valid_days_1": "7"}, accounts=2)

    assert set(errors) == {"ad_account_1", "code_issued_1"}


def test_every_problem_is_reported_at_once():
    errors = submit(
        PROMOTE,
        {
            "creator_handle": "maria-",
            "post_url": "https://example.com",
            "budget_amount": "-1",
            "flight_end": "2026-11-01",
        },
    )

    assert set(errors) == {"creator_handle", "post_url", "budget_amount", "flight_end"}


def test_an_empty_submission_asks_for_every_required_field():
    errors = validate(read_form({}, 1), None, today=TODAY)

    assert set(errors) == {
        "ownership",
        "client",
        "creator_handle",
        "post_url",
        "market",
        "account_type",
        "organic_traction",
        "owner",
        "budget_amount",
        "flight_start",
        "flight_end",
    }


# -- good inputs pass -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "changes"),
    [
        pytest.param(PROMOTE, {}, id="promote-defaults"),
        pytest.param(SPARK, {}, id="spark-defaults"),
        pytest.param(PROMOTE, {"post_url": "https://vm.tiktok.com/ZMabc1234/"}, id="url-vm-short-link"),
        pytest.param(PROMOTE, {"post_url": "https://vt.tiktok.com/ZSabc1234"}, id="url-vt-short-link"),
        pytest.param(PROMOTE, {"post_url": "https://www.tiktok.com/t/ZTRabc123/"}, id="url-t-short-link"),
        pytest.param(
            PROMOTE, {"post_url": "https://m.tiktok.com/@maria.cooks/video/7301234567890123456"}, id="url-mobile"
        ),
        pytest.param(
            PROMOTE, {"post_url": "http://tiktok.com/@maria.cooks/video/7301234567890123456"}, id="url-bare-host"
        ),
        pytest.param(PROMOTE, {"post_url": POST + "?is_from_webapp=1&sender_device=pc"}, id="url-with-tracking-query"),
        pytest.param(
            PROMOTE, {"post_url": "https://www.tiktok.com/@maria.cooks/photo/7301234567890123456"}, id="url-photo-post"
        ),
        # Short links carry no handle to compare with.
        pytest.param(PROMOTE, {"creator_handle": "maria_cooks", "post_url": SHORT}, id="handle-without-at"),
        pytest.param(PROMOTE, {"creator_handle": "@m.a.r.i.a_", "post_url": SHORT}, id="handle-dots-and-underscores"),
        pytest.param(PROMOTE, {"creator_handle": "@_maria_", "post_url": SHORT}, id="handle-leading-underscore"),
        pytest.param(PROMOTE, {"creator_handle": "@ab", "post_url": SHORT}, id="handle-two-characters"),
        pytest.param(PROMOTE, {"creator_handle": "@" + "m" * 24, "post_url": SHORT}, id="handle-24-characters"),
        pytest.param(PROMOTE, {"creator_handle": "Maria.Cooks"}, id="handle-as-in-the-link-any-case"),
        pytest.param(PROMOTE, {"budget_amount": "1,250.50"}, id="budget-thousands-separator"),
        pytest.param(PROMOTE, {"budget_amount": "0.50"}, id="budget-under-one"),
        pytest.param(PROMOTE, {"budget_amount": "3500", "budget_type": "lifetime"}, id="budget-lifetime"),
        pytest.param(PROMOTE, {"flight_end": "2026-11-23"}, id="one-day-flight"),
        pytest.param(SPARK, {"code_issued_0": None, "code_expires_0": "2026-11-24"}, id="explicit-expiry-tomorrow"),
        pytest.param(
            SPARK, {"code_issued_0": "2026-10-25", "code_valid_days_0": "30"}, id="issued-a-month-ago-valid-30"
        ),
        pytest.param(SPARK, {"ad_groups": "3"}, id="several-ad-groups"),
        pytest.param(SPARK, {"ownership": "creator", "checks": ["business_spender"]}, id="spark-by-conflict"),
    ],
)
def test_good_input_passes(tool, changes):
    assert submit(tool, changes) == {}


def test_two_distinct_ad_accounts_pass():
    assert submit(SPARK, {"ad_account_1": "7098765432109876543"}, accounts=2) == {}


def test_spark_fields_are_not_checked_on_promote():
    """A Promote intake needs no authorization, so stale Spark inputs can't block it."""
    values = {**state_values(modal(SPARK), GOOD[SPARK]), **state_values(modal(PROMOTE), GOOD[PROMOTE])}
    values["ad_account_0"] = {"ad_account_0": {"type": "plain_text_input", "value": "not-an-id"}}

    form = read_form(values, 1)

    assert validate(form, Tool.PROMOTE, today=TODAY) == {}
