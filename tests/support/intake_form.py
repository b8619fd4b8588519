"""The intake modal filled in and read back without Slack: good answers for each tool, and a submission's
inline errors, each checked to be keyed to an input on screen (Slack rejects an `errors` response otherwise).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.decision import decide
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import Check, Ownership, Tool
from bot.intake.form import read_form
from bot.intake.validation import validate
from bot.intake.views import IntakeContext, default_form, intake_view
from tests.support.intake import AD_ACCOUNT as ACCOUNT
from tests.support.intake import POST, TODAY
from tests.support.modal import input_blocks, state_values

PROMOTE, SPARK = Tool.PROMOTE, Tool.SPARK
POLICY = IntakePolicy()
OWNER = "U0OWNER"
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
