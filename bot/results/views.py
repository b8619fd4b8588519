"""The results modal, and the results card it leaves in the flight's thread.

The modal asks only for the figures that fit the flight: Promote's website clicks when it was after
website clicks, Spark's conversions when it tracks them (a conversions objective), and any figure
already entered. The card shows the figures, the ratios that fit the objective, spend against the
planned budget, the one-sentence verdict and, for a Spark flight escalated from a Promote flight
that has results, how the two compare. Warnings (far over budget, more follows than visits) never
block a save: the form asks once whether the odd figures are right, and the card shows them beside
its "Correct figures" button.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from slack_sdk.models.blocks import InputBlock, MarkdownTextObject, PlainTextInputElement, SectionBlock
from slack_sdk.models.views import View

from bot.core.money import format_count, format_money, format_multiple, format_percent
from bot.core.outcome import headline, outcome, spend_line
from bot.core.ranking import compare_escalation
from bot.core.ratios import Goal, Ratios, goal_of, ratios
from bot.core.results import Field, PromoteResult, Result, SparkResult, Standing, fields_for
from bot.core.vocabulary import Tool
from bot.results.form import MAX_TYPED, confirmed_metadata, initial_values
from bot.results.ids import CARD_BLOCK, CORRECT_RESULTS, RESULTS_VIEW, field_id
from bot.slack.blocks import context, mrkdwn, section
from bot.slack.change_views import ChangeOrigin
from bot.slack.summary import planned_budget
from bot.slack.text import escape, mention
from storage.models import Campaign

# Said once, at the top: each field's hint only names the figure on that screen (bot/core/results.py).
_WHERE = {
    Tool.PROMOTE: "*Where:* the TikTok app on the creator's phone → the post → ⋯ → Promote → View analytics.",
    Tool.SPARK: "*Where:* TikTok Ads Manager → Reporting, the ad's columns for the flight's dates.",
}


def result_kind(campaign: Campaign) -> type[PromoteResult] | type[SparkResult]:
    return PromoteResult if campaign.tool == Tool.PROMOTE else SparkResult


def modal_fields(campaign: Campaign, entered: Result | None = None) -> tuple[Field, ...]:
    """The figures this flight's form asks for."""
    goal = goal_of(campaign.objective)
    shown = []
    for f in fields_for(result_kind(campaign)):
        fits = {"website_clicks": Goal.WEBSITE_CLICKS, "conversions": Goal.CONVERSIONS}
        fits["conversion_value"] = Goal.CONVERSIONS
        already = entered is not None and getattr(entered, f.name) is not None
        if f.name in fits and goal is not fits[f.name] and not already:
            continue
        shown.append(f)
    return tuple(shown)


def results_modal(
    origin: ChangeOrigin,
    campaign: Campaign,
    entered: Result | None,
    *,
    typed: Mapping[str, str] | None = None,
    warnings: Mapping[str, str] | None = None,
    flagged: frozenset[str] = frozenset(),
) -> View:
    """The form, prefilled with the figures `entered`; or shown again with what the person `typed` and the
    `warnings` their figures raised, a second Save keeping the `flagged` figures (bot/results/form.py)."""
    tool = campaign.tool
    currency = campaign.budget_currency.upper()
    initial = initial_values(entered) if typed is None else typed
    blocks: list[Any] = []
    if warnings:
        said = "\n".join(f"• {escape(text)}" for text in warnings.values())
        again, them = ("these figures", "them") if len(warnings) > 1 else ("this figure", "it")
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f":warning: *Check before saving*\n{said}\nPress *Save* again to keep {again}, "
                    f"or change {them} first."
                )
            )
        )
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*{escape(campaign.client)}* · {tool.label} · {escape(campaign.creator_handle)} · "
                f"{escape(campaign.objective)}\n{_WHERE[tool]}\nOnly the amount spent is needed; "
                "leave blank what you don't have. 12400 or 12.4K both work."
            )
        )
    )
    for f in modal_fields(campaign, entered):
        label = f"{f.label} ({currency})" if f.money else f.label
        blocks.append(
            InputBlock(
                block_id=field_id(f.name),
                label=label,
                optional=not f.required,
                hint=f.where[:2000],
                element=PlainTextInputElement(
                    action_id=field_id(f.name),
                    initial_value=initial.get(f.name),
                    max_length=MAX_TYPED,
                    placeholder="e.g. 120.50" if f.money else "e.g. 12400",
                ),
            )
        )
    return View(
        type="modal",
        callback_id=RESULTS_VIEW,
        title="Correct results" if entered is not None else "Summary results",
        submit="Save",
        close="Cancel",
        private_metadata=confirmed_metadata(origin, flagged) if flagged else origin.to_metadata(),
        blocks=blocks,
    )


# --- the card ------------------------------------------------------------------------------------

# The ratios that fit each goal, in the order the card lists them: (label, Ratios field, kind).
_MONEY, _PERCENT, _MULTIPLE = "money", "percent", "multiple"
_RATIOS = {
    "cost_per_1000_views": ("Cost per 1,000 views", _MONEY),
    "cost_per_1000_impressions": ("Cost per 1,000 impressions", _MONEY),
    "cost_per_profile_visit": ("Cost per profile visit", _MONEY),
    "visit_to_follow": ("Visit-to-follow", _PERCENT),
    "cost_per_follow": ("Cost per follow", _MONEY),
    "click_through": ("Click-through", _PERCENT),
    "cost_per_click": ("Cost per click", _MONEY),
    "cost_per_conversion": ("Cost per conversion", _MONEY),
    "return_on_spend": ("Return on spend", _MULTIPLE),
}
_FITTING = {
    Goal.VIEWS: ("cost_per_1000_views", "cost_per_follow", "visit_to_follow"),
    Goal.VIDEO_VIEWS: ("cost_per_1000_views", "cost_per_follow", "visit_to_follow"),
    Goal.REACH: ("cost_per_1000_impressions", "cost_per_1000_views"),
    Goal.PROFILE_VISITS: ("cost_per_profile_visit", "visit_to_follow", "cost_per_follow"),
    Goal.COMMUNITY: ("cost_per_follow", "cost_per_profile_visit", "visit_to_follow"),
    Goal.WEBSITE_CLICKS: ("click_through", "cost_per_click"),
    Goal.TRAFFIC: ("click_through", "cost_per_click"),
    Goal.CONVERSIONS: ("cost_per_conversion", "return_on_spend", "click_through", "cost_per_click"),
}


def ratio_lines(r: Ratios, objective: str, currency: str) -> list[str]:
    names = _FITTING.get(goal_of(objective), tuple(_RATIOS))
    lines = []
    for name in names:
        value = getattr(r, name)
        if value is None:
            continue
        label, kind = _RATIOS[name]
        if kind == _MONEY:
            shown = format_money(value, currency)
        elif kind == _PERCENT:
            shown = format_percent(value)
        else:
            shown = format_multiple(value)
        lines.append(f"{label}: *{shown}*")
    return lines


def figure_fields(result: Result, currency: str) -> list[dict[str, str]]:
    shown = []
    for f in fields_for(type(result)):
        value = getattr(result, f.name)
        if value is None:
            continue
        text = format_money(value, currency) if f.money else format_count(value)
        shown.append(mrkdwn(f"*{f.label}*\n{text}"))
    return shown[:10]


def card_text(campaign: Campaign, result: Result) -> str:
    """The notification line (and the fallback for clients without blocks)."""
    return f"📊 Results for {escape(campaign.client)}: {escape(headline(result, campaign.objective, _cur(campaign)))}"


def _cur(campaign: Campaign) -> str:
    return campaign.budget_currency.upper()


def results_card(
    campaign: Campaign,
    result: Result,
    *,
    warnings: dict[str, str] | None = None,
    escalated_from: tuple[Campaign, Result] | None = None,
    chosen_by: str | None = None,
    standing: Standing | None = None,
    entered_by: str,
    corrected_by: str | None = None,
) -> list[dict[str, Any]]:
    """The card's blocks, as plain dicts. `standing`: a Promote test candidate's place among the posts."""
    currency = _cur(campaign)
    planned = planned_budget(campaign)
    tool = campaign.tool
    verdict = outcome(result, campaign.objective, currency, planned, standing)
    blocks: list[dict[str, Any]] = [
        section(
            f"📊 *Results: {escape(campaign.client)}* · {tool.label} · {escape(campaign.creator_handle)} · "
            f"{escape(campaign.objective)}\n{escape(verdict)}"
        ),
    ]
    figures = figure_fields(result, currency)
    if figures:
        blocks.append({"type": "section", "fields": figures})
    lines = ratio_lines(ratios(result, planned), campaign.objective, currency)
    lines.append(spend_line(result.spent, planned, currency))
    blocks.append(section("\n".join(lines)))
    if escalated_from is not None and isinstance(result, SparkResult):
        promote_campaign, promote = escalated_from
        if isinstance(promote, PromoteResult):
            compared = compare_escalation(promote, result, _cur(promote_campaign), currency)
            test = f"{escape(chosen_by)} " if chosen_by else ""
            blocks.append(section(f"*Spark Ads against the Promote flight it scaled*\n{test}{compared.sentence}"))
    if warnings:
        blocks.append(context("\n".join(f":warning: {escape(text)}" for text in warnings.values())))
    who = f"Entered by {mention(entered_by)}"
    if corrected_by is not None:
        who += f", corrected by {mention(corrected_by)}"
    source = "the TikTok app" if tool is Tool.PROMOTE else "Ads Manager"
    blocks.append(context(f"{who}. From the summary in {source}."))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"{CARD_BLOCK}{campaign.id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": CORRECT_RESULTS,
                    "value": str(campaign.id),
                    "text": {"type": "plain_text", "text": "Correct figures"},
                }
            ],
        }
    )
    return blocks


def correction_note(before: dict[str, Any], after: dict[str, Any], campaign: Campaign, user_id: str) -> str:
    """ "✏️ @x corrected the figures: Spent $540.00 → $560.00; Views 12,000 → 12,400." """
    kind = result_kind(campaign)
    changes = []
    for f in fields_for(kind):
        old, new = before.get(f.name), after.get(f.name)
        if old != new:
            changes.append(f"{f.label} {_shown(old, f, campaign)} → {_shown(new, f, campaign)}")
    return f"✏️ {mention(user_id)} corrected the figures: {'; '.join(changes) or 'no change'}."


def _shown(value: Any, f: Field, campaign: Campaign) -> str:
    if value is None:
        return "blank"
    if f.money:
        return format_money(Decimal(str(value)), _cur(campaign))
    return format_count(int(value))
