"""The opening modal: rendered and checked once a day, then filled in for each request.

Rendering with slack_sdk.models checks every Slack limit, which costs a few milliseconds on the
way to views.open. Opening modals differ only in who opens them, the post link and the channel,
so each day's (its default flight dates change daily) is rendered once and copied.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from bot.core.decision import decide
from bot.core.policy import IntakePolicy
from bot.core.warnings import intake_warnings
from bot.intake.ids import IntakeId, renewed
from bot.intake.links import handle_in_link
from bot.intake.validation import MAX_LENGTHS
from bot.intake.views import IntakeContext, default_form, intake_view

# A slash command's text can be long; the post link input takes no more than this.
MAX_PREFILL = MAX_LENGTHS[IntakeId.POST_URL]
# The inputs whose defaults follow the opener's calendar day.
DATE_BLOCKS = (IntakeId.FLIGHT_START, IntakeId.FLIGHT_END)


class OpeningViews:
    def __init__(self, policy: IntakePolicy):
        self._policy = policy
        self._templates: dict[date, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def view(
        self, *, today: date, user_id: str, channel_id: str, post_url: str, new_dates: bool = False
    ) -> dict[str, Any]:
        """The opening modal. `new_dates`: it replaces one already open, whose default dates were wrong."""
        # Shallow copies down to the blocks that change: the template itself is never touched.
        template = self._template(today)
        blocks = list(template["blocks"])
        for index, block in enumerate(blocks):
            block_id = block.get("block_id")
            if block_id == IntakeId.OWNER:
                blocks[index] = _with_element(block, initial_user=user_id)
            elif block_id == IntakeId.POST_URL and post_url:
                blocks[index] = _with_element(block, initial_value=post_url[:MAX_PREFILL])
            elif block_id == IntakeId.CREATOR and (handle := handle_in_link(post_url)):
                blocks[index] = _with_element(block, initial_value=handle)
            elif block_id in DATE_BLOCKS and new_dates:
                blocks[index] = _with_element(block, action_id=renewed(block_id))
        metadata = IntakeContext(channel_id=channel_id).to_metadata()
        return {**template, "blocks": blocks, "private_metadata": metadata}

    def _template(self, today: date) -> dict[str, Any]:
        with self._lock:
            template = self._templates.get(today)
            if template is None:
                template = render_opening(self._policy, today=today, user_id="", post_url="")
                self._templates[today] = template
                for stale in sorted(self._templates)[:-2]:  # owners span at most two calendar days
                    del self._templates[stale]
            return template


def _with_element(block: dict[str, Any], **changes: str) -> dict[str, Any]:
    return {**block, "element": {**block["element"], **changes}}


def render_opening(policy: IntakePolicy, *, today: date, user_id: str, post_url: str, channel_id: str = "") -> dict:
    """The opening modal rendered from scratch (what the templates are copies of)."""
    form = default_form(today=today, owner_id=user_id or None, post_url=post_url, currency=policy.currencies[0])
    decision = decide(form.answers, policy)
    warnings = intake_warnings(form, decision, policy)
    view = intake_view(form, decision, warnings, IntakeContext(channel_id=channel_id), policy, today=today)
    return view.to_dict()
