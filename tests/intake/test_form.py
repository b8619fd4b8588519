"""Reading the intake modal's `view.state.values` and validating a submission into inline errors.

Values are built from the real modal as Slack reports it (tests/support/modal.py), so every error must
also be keyed to an input block that is on screen, or Slack would reject the whole `errors` response.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.core.decision import decide
from bot.core.intake import AdAccountCode
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import BudgetType, Check, Market, Ownership, Tool, Traction
from bot.intake.form import NOT_OFFERED, read_form, validate
from bot.intake.views import IntakeContext, default_form, intake_view
from tests.support.intake import POST
from tests.support.modal import input_blocks, state_values

POLICY = IntakePolicy()
TODAY = date(2026, 11, 23)  # the modal's defaults: the flight runs 23–30 Nov, the code was issued today
OWNER = "U0OWNER"
ACCOUNT = "7012345678901234567"
SHORT = "https://vm.tiktok.com/ZMabc1234/"

GOOD = {
    Tool.PROMOTE: {
        "ownership": "creator",
        "creator_handle": "@maria.cooks",
        "post_url": POST,
        "client": "GlowCo",
        "objective_promote": "Profile visits",
        "budget_amount": "50",
        "organic_traction": "proven",
        "market": "us",
        "account_type": "creator",
    },
    Tool.SPARK: {
        "ownership": "brand",
        "creator_handle": "@maria.cooks",
        "post_url": POST,
        "client": "GlowCo",
        "objective_spark": "Conversions",
        "budget_amount": "50",
        "organic_traction": "proven",
        "market": "fr",
        "account_type": "business",
        "ad_account_0": ACCOUNT,
    },
}


def modal(tool: Tool, accounts: int = 1, *checks: Check) -> dict:
    """The intake modal as opened from a channel, already showing the fields of `tool` and `checks`."""
    ownership = Ownership.CREATOR if tool is Tool.PROMOTE else Ownership.BRAND
    form = default_form(today=TODAY, owner_id=OWNER, post_url="", currency="USD")
    form = replace(form, answers=replace(form.answers, ownership=ownership, checks=frozenset(checks)))
    decision = decide(form.answers, POLICY)
    assert decision.tool is tool
    context = IntakeContext("C0CHANNEL", ad_accounts=accounts)
    return intake_view(form, decision, (), context, POLICY, today=TODAY).to_dict()


def submit(tool: Tool, changes: dict | None = None, *, accounts: int = 1) -> dict[str, str]:
    """Fill the modal with good answers, apply `changes`, submit: the inline errors Slack would show."""
    view = modal(tool, accounts)
    values = state_values(view, {**GOOD[tool], **(changes or {})})
    form = read_form(values, accounts)
    errors = validate(form, decide(form.answers, POLICY).tool, today=TODAY)
    off_screen = set(errors) - set(input_blocks(view))
    assert not off_screen, f"errors keyed to blocks the modal doesn't show: {off_screen}"
    return errors


# -- each mistake is reported on its own field ------------------------------------------------------------

PROMOTE, SPARK = Tool.PROMOTE, Tool.SPARK


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


# -- reading ----------------------------------------------------------------------------------------------


def test_read_form_turns_the_modal_into_plain_data():
    changes = {
        "checks": ["paid_partnership", "comparative_test"],
        "budget_amount": "1,250.50",
        "budget_type": "lifetime",
        "flight_end": "2026-12-06",
        "ad_groups": "2",
        "disclosure": ["on"],
        "ad_account_1": "7098765432109876543",
        "code_issued_1": None,
        "code_expires_1": "2026-12-31",
    }
    view = modal(SPARK, 2, Check.PAID_PARTNERSHIP)
    form = read_form(state_values(view, {**GOOD[SPARK], **changes}), 2)

    assert form.answers.ownership is Ownership.BRAND
    assert form.answers.checks == {Check.PAID_PARTNERSHIP, Check.COMPARATIVE_TEST}
    assert (form.answers.budget.amount, form.answers.budget.currency) == (Decimal("1250.50"), "USD")
    assert form.answers.budget.type is BudgetType.LIFETIME
    assert (form.answers.start, form.answers.end) == (TODAY, date(2026, 12, 6))
    assert (form.creator_handle, form.post_url, form.client) == ("@maria.cooks", POST, "GlowCo")
    assert (form.objective, form.market, form.traction, form.owner_id) == (
        "Conversions",
        Market.FR,
        Traction.PROVEN,
        OWNER,
    )
    assert (form.ad_groups, form.disclosure_on) == (2, True)
    assert form.ad_accounts == (
        AdAccountCode(ACCOUNT, issued_on=TODAY, valid_days=30),
        AdAccountCode("7098765432109876543", issued_on=None, valid_days=30, expires_on=date(2026, 12, 31)),
    )
    assert [account.expiry_date for account in form.ad_accounts] == [date(2026, 12, 23), date(2026, 12, 31)]


@pytest.mark.parametrize(
    ("raw", "budget"),
    [
        pytest.param("abc", None, id="words"),
        pytest.param("0", None, id="zero"),
        pytest.param("-5", None, id="negative"),
        pytest.param("", None, id="blank"),
        pytest.param("1,250.50", Decimal("1250.50"), id="separator"),
        pytest.param(" 75 ", Decimal("75"), id="padded"),
        # Stored in cents, as the budget column holds it: what the decision sees is what is recorded.
        pytest.param("12.345", Decimal("12.35"), id="rounded-to-cents"),
        pytest.param("0.01", Decimal("0.01"), id="one-cent"),
        pytest.param("0.001", None, id="under-a-cent"),
    ],
)
def test_read_form_keeps_only_a_usable_budget_for_the_decision(raw, budget):
    """A half-typed budget must not flip the live decision: only a positive amount with a currency counts."""
    form = read_form(state_values(modal(PROMOTE), {**GOOD[PROMOTE], "budget_amount": raw}), 1)

    assert (form.answers.budget.amount if form.answers.budget else None) == budget


def test_read_form_is_lenient_with_a_half_filled_modal():
    form = read_form({"ownership": {"ownership": {"type": "radio_buttons", "selected_option": {"value": "agency"}}}}, 1)

    assert form.answers.ownership is Ownership.AGENCY
    assert (form.answers.budget, form.answers.start, form.objective, form.ad_accounts) == (None, None, None, ())


def test_read_form_ignores_values_it_does_not_know():
    values = state_values(modal(PROMOTE), GOOD[PROMOTE])
    values["market"]["market"]["selected_option"] = {"value": "atlantis"}
    values["flight_start"]["flight_start"]["selected_date"] = "23/11/2026"

    form = read_form(values, 1)

    assert (form.market, form.answers.start) == (None, None)


@pytest.mark.parametrize(
    ("block_id", "state", "read"),
    [
        pytest.param("ad_groups", {"type": "number_input", "value": "²"}, lambda f: f.ad_groups, id="superscript"),
        pytest.param("ad_groups", {"type": "number_input", "value": 3}, lambda f: f.ad_groups, id="number-not-text"),
        pytest.param(
            "code_valid_days_0",
            {"type": "static_select", "selected_option": {"value": "²"}},
            lambda f: f.ad_accounts[0].valid_days,
            id="days-superscript",
        ),
        pytest.param(
            "code_valid_days_0",
            {"type": "static_select", "selected_option": {"value": "9" * 12}},
            lambda f: f.ad_accounts[0].valid_days,
            id="days-beyond-any-date",
        ),
        pytest.param(
            "code_valid_days_0",
            {"type": "static_select", "selected_option": "30"},
            lambda f: f.ad_accounts[0].valid_days,
            id="option-not-an-object",
        ),
        pytest.param(
            "flight_start",
            {"type": "datepicker", "selected_date": 20261123},
            lambda f: f.answers.start,
            id="date-not-text",
        ),
        pytest.param(
            "checks",
            {"type": "checkboxes", "selected_options": [{"text": "no value"}, 5]},
            lambda f: f.answers.checks or None,
            id="checks-without-values",
        ),
        pytest.param(
            "owner", {"type": "users_select", "selected_user": ["U0OWNER"]}, lambda f: f.owner_id, id="user-not-text"
        ),
        pytest.param(
            "currency",
            {"type": "static_select", "selected_option": {"value": ["USD"]}},
            lambda f: f.budget_currency,
            id="currency-a-list",
        ),
        pytest.param("market", "us", lambda f: f.market, id="block-not-an-object"),
    ],
)
def test_odd_values_read_as_not_answered_and_never_raise(block_id, state, read):
    values = state_values(modal(SPARK), GOOD[SPARK])
    values[block_id] = {block_id: state} if isinstance(state, dict) else state

    form = read_form(values, 1)
    validate(form, decide(form.answers, POLICY).tool, today=TODAY)

    assert read(form) is None


def test_a_validity_the_modal_never_offered_is_refused_on_its_field():
    values = state_values(modal(SPARK), GOOD[SPARK])
    values["code_valid_days_0"] = {"code_valid_days_0": {"type": "static_select", "selected_option": {"value": "²"}}}
    form = read_form(values, 1)

    assert validate(form, Tool.SPARK, today=TODAY) == {"code_valid_days_0": NOT_OFFERED}


def test_read_form_takes_no_values_at_all():
    assert read_form(None, 1).ad_accounts == ()
