"""Every callback, block and action id of the intake, in one place.

Input blocks use the same string for block_id and action_id, so `view.state.values[id][id]`
reads a field and listeners register against the ids below.
"""

from __future__ import annotations

from enum import StrEnum

# The slash command that opens the intake (declared in manifest.yml); the message shortcut is IntakeId.SHORTCUT.
INTAKE_COMMAND = "/intake"

# Spark codes one intake records: one per post and ad account (several creators or cuts, two ad
# accounts each). Each takes 6 blocks; at this many the modal stays well under Slack's 100.
MAX_CODES = 8


class IntakeId(StrEnum):
    VIEW = "intake"
    SHORTCUT = "start_intake"

    OWNERSHIP = "ownership"
    CHECKS = "checks"
    DECISION = "decision"
    WARNINGS = "warnings"

    CLIENT = "client"
    CREATOR = "creator_handle"
    POST_URL = "post_url"
    OBJECTIVE = "objective"
    MARKET = "market"
    ACCOUNT_TYPE = "account_type"
    BUDGET_AMOUNT = "budget_amount"
    CURRENCY = "currency"
    BUDGET_TYPE = "budget_type"
    FLIGHT_START = "flight_start"
    FLIGHT_END = "flight_end"
    OWNER = "owner"
    TRACTION = "organic_traction"

    AD_GROUPS = "ad_groups"
    DISCLOSURE = "disclosure"
    ADD_AD_ACCOUNT = "add_ad_account"
    REMOVE_AD_ACCOUNT = "remove_ad_account"

    # A Promote test (bot/intake/promote_test_fields.py): the other posts it compares, or the open test to join.
    TEST_POSTS = "promote_test_posts"
    JOIN_TEST = "promote_test_join"


class AccountField(StrEnum):
    """The inputs of one Spark code (a post and an ad account); the block id is `{field}_{index}`."""

    POST = "code_post"
    AD_ACCOUNT = "ad_account"
    ISSUED_ON = "code_issued"
    VALID_FOR = "code_valid_days"
    EXPIRES_ON = "code_expires"

    def at(self, index: int) -> str:
        return f"{self.value}_{index}"


def expiry_note(index: int) -> str:
    """The line under a code's inputs that says when it expires, as computed from them."""
    return f"code_expiry_note_{index}"


RENEWED = "_renewed"


def renewed(action_id: str) -> str:
    """An action id this modal hasn't shown yet, so that views.update puts in a new initial value.

    Slack keeps what an input shows across views.update while its block_id and action_id stay the
    same; the block_id (what every reader and inline error uses) stays, only the action id changes.
    """
    return f"{action_id}{RENEWED}"


def objective_block(tool: str) -> str:
    """The objective's options follow the tool; a distinct id per tool resets a stale choice."""
    return f"{IntakeId.OBJECTIVE}_{tool}"


# Actions that reshape the modal as they change: every one is a dispatch_action input.
LIVE_ACTIONS = (
    IntakeId.OWNERSHIP,
    IntakeId.CHECKS,
    IntakeId.BUDGET_AMOUNT,
    IntakeId.CURRENCY,
    IntakeId.BUDGET_TYPE,
    IntakeId.FLIGHT_START,
    IntakeId.FLIGHT_END,
    IntakeId.TRACTION,
    IntakeId.MARKET,
    IntakeId.ACCOUNT_TYPE,
    IntakeId.AD_GROUPS,
    IntakeId.DISCLOSURE,
)
