"""Reading the intake modal's `view.state.values` into plain data: leniently, never raising.

Values are built from the real modal as Slack reports it (tests/support/modal.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.core.decision import decide
from bot.core.intake import NOT_OFFERED, AdAccountCode
from bot.core.vocabulary import BudgetType, Check, Market, Ownership, Tool, Traction
from bot.intake.form import read_form
from bot.intake.validation import validate
from tests.support.intake import POST
from tests.support.intake_form import ACCOUNT, GOOD, OWNER, POLICY, PROMOTE, SPARK, TODAY, modal
from tests.support.modal import state_values

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
