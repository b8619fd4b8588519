"""The results modal: opened from "Summary pulled" (a reminder's button, the flight's ⋯ menu) and from the
card's "Correct figures"; its submission saves the figures and posts (or edits) the card.

Other features open the modal through `deps.open_results` (wired in bot/app.py to `open_results`).
A submission checks again who is asking, then saves before it answers Slack: what can't be true,
or what the row lock finds (the flight cancelled since), is said in the modal itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import AlreadyHandled, AlreadyInEffect, NotFound
from bot.core.flight import Change, ensure, phase
from bot.core.intake import record_id
from bot.core.result_check import check, warned_on
from bot.core.vocabulary import CampaignStatus
from bot.deps import Deps, deps_of
from bot.results.form import as_typed, confirmed, read_figures
from bot.results.ids import CARD_BLOCK, CORRECT_RESULTS, RESULTS_VIEW, field_id
from bot.results.views import card_text, correction_note, modal_fields, result_kind, results_card, results_modal
from bot.slack.announce import note_in_thread, refresh_summary
from bot.slack.api import call
from bot.slack.change_views import ChangeOrigin
from bot.slack.errors import refusals_told
from bot.slack.flight_changes import FlightChanges, Submission, submission
from bot.slack.reminder_message import handled_note
from bot.slack.summary import planned_budget
from storage import promote_tests as test_store
from storage import results as result_store
from storage.models import Campaign, CampaignResult
from storage.results import Results, Saved, as_result

log = logging.getLogger(__name__)

SAVE_FAILED = "Flightdeck couldn't save the figures just now, so nothing was changed. Press Save again."


def register(app: App) -> None:
    app.action(CORRECT_RESULTS)(correct_pressed)
    app.view(RESULTS_VIEW)(submitted)


def open_results(
    deps: Deps, client: WebClient, *, trigger_id: str, team_id: str, user_id: str, origin: ChangeOrigin
) -> None:
    """Open the results modal for the flight (and reminder) `origin` names, prefilled once figures exist."""

    def build(campaign: Campaign, _reminder) -> Any:
        stage = phase(campaign, deps.clock.now())
        # The form enters the summary's figures, or corrects those of a flight already summarized.
        ensure(Change.CORRECT_RESULTS if stage == CampaignStatus.SUMMARIZED else Change.SUMMARY_PULLED, stage)
        row = deps.campaigns.snapshot(campaign.team_id, campaign.id).result
        entered = as_result(row) if row is not None else None
        return results_modal(replace(origin, campaign_id=campaign.id), campaign, entered)

    FlightChanges(deps).open_modal(
        client, trigger_id=trigger_id, team_id=team_id, user_id=user_id, origin=origin, build=build
    )


@refusals_told
def correct_pressed(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    value = action.get("value")
    campaign_id = record_id(value)
    if campaign_id is None or action.get("block_id") != f"{CARD_BLOCK}{campaign_id}":
        raise NotFound("That button doesn't point to a flight.")
    container = body.get("container") or {}
    origin = ChangeOrigin(campaign_id=campaign_id, channel=container.get("channel_id") or "", ts="")
    open_results(
        deps_of(context),
        client,
        trigger_id=body["trigger_id"],
        team_id=context.team_id,
        user_id=body["user"]["id"],
        origin=origin,
    )


@submission(refused="Can't save these")
def submitted(sub: Submission, client: WebClient) -> None:
    deps, campaign, origin, team_id, user_id = sub.deps, sub.campaign, sub.origin, sub.team_id, sub.user_id
    before = deps.campaigns.snapshot(team_id, campaign.id).result
    entered = as_result(before) if before is not None else None
    fields = modal_fields(campaign, entered)
    planned = planned_budget(campaign)
    figures = read_figures(sub.values, fields, result_kind(campaign), campaign.budget_currency, planned)
    if figures.errors:
        sub.ack(response_action="errors", errors=figures.errors)
        return
    # Odd figures are asked about once before they're saved; figures already saved were asked about then.
    agreed = confirmed(sub.view.get("private_metadata"))
    if entered is not None:
        agreed |= warned_on(entered, check(entered, planned).warnings)
    unconfirmed = {
        name: text for name, text in figures.warnings.items() if not warned_on(figures.result, [name]) <= agreed
    }
    if unconfirmed:
        # The same form, as typed, saying what looks odd; Save again keeps every odd figure it now holds.
        again = results_modal(
            origin,
            campaign,
            entered,
            typed=as_typed(sub.values, fields),
            warnings=unconfirmed,
            flagged=figures.flagged,
        )
        sub.ack(response_action="update", view=again.to_dict())
        return
    message = sub.as_sent()
    now = deps.clock.now()

    def save() -> Saved:
        try:
            return Results(deps.campaigns).save(
                team_id, campaign.id, figures.result, actor=user_id, now=now, via_reminder=origin.reminder_id
            )
        except AlreadyInEffect:
            raise  # the same figures again (a double-click, Slack's retry): the first save told the thread
        except AlreadyHandled:
            if deps.campaigns.snapshot(team_id, campaign.id).result is not None:
                # A twin submission saved these figures first, as the summary pull: it told the thread.
                raise AlreadyInEffect("These figures are saved already.") from None
            raise

    saved = sub.apply(save, sub.inline(field_id("spent")), save_failed=SAVE_FAILED)
    if saved is None:
        return
    if not saved.corrected:
        sub.changes.close_message(
            client, origin, message, handled_note("Summary pulled", user_id, now, campaign.owner_tz)
        )
    _show_card(deps, client, saved, origin, user_id)
    refresh_summary(client, saved.snapshot, now=deps.clock.now())
    if saved.corrected:
        _redraw_escalations(deps, client, campaign)
    # A Promote test this flight is part of (or whose winner it scaled) redraws its message: bot/promote_tests.
    deps.results_saved(client, team_id=team_id, campaign_id=campaign.id, user_id=user_id)


def _show_card(deps: Deps, client: WebClient, saved: Saved, origin: ChangeOrigin, user_id: str) -> None:
    """Post the results card in the flight's thread, or edit it after a correction, saying what changed."""
    campaign, row = saved.snapshot.campaign, saved.snapshot.result
    result = as_result(row)
    blocks = _card(deps, campaign, row, corrected=saved.corrected)
    text = card_text(campaign, result)
    if saved.corrected:
        after = result_store.figures(result)
        note_in_thread(client, campaign, correction_note(saved.before, after, campaign, user_id))
        if row.card_channel and row.card_ts:
            edited = call(client.chat_update, channel=row.card_channel, ts=row.card_ts, text=text, blocks=blocks)
            if edited.ok:
                return
            log.warning("Couldn't edit the results card of campaign %s: %s", campaign.id, edited.error)
        # No card on record (its first save is still posting it, or Slack refused the edit): a new one.
    # A reminder delivered by DM is answered there; otherwise the card goes in the flight's thread.
    channel = origin.channel if origin.reminder_id is not None and origin.channel else None
    thread_ts = origin.thread_ts if channel not in (None, campaign.channel_id) else None
    posted = _post(client, campaign, channel, thread_ts, text, blocks)
    if posted is not None:
        with deps.database.transaction() as session:
            result_store.set_card(session, campaign.team_id, campaign.id, posted[0], posted[1])


def _card(deps: Deps, campaign: Campaign, row: CampaignResult, *, corrected: bool) -> list[dict[str, Any]]:
    """The card as the figures now stand; their odd ones flagged on every drawing of it."""
    with deps.database.transaction() as session:
        standing = test_store.standing_of(session, campaign.team_id, campaign.id)
    result = as_result(row)
    odd = check(result, planned_budget(campaign), currency=campaign.budget_currency.upper()).warnings
    return results_card(
        campaign,
        result,
        warnings=dict(odd),
        escalated_from=_escalated_from(deps, campaign),
        chosen_by=_chosen_by(deps, campaign),
        standing=standing,
        entered_by=row.entered_by,
        corrected_by=row.updated_by if corrected else None,
    )


def _redraw_escalations(deps: Deps, client: WebClient, promote: Campaign) -> None:
    """A Promote flight's figures were corrected: the cards of the Spark flights it was escalated to
    compare with them, so they are drawn again."""
    with deps.database.transaction() as session:
        sparks = result_store.escalations_with_cards(session, promote.team_id, promote.id)
    for spark, row in sparks:
        _redraw(deps, client, spark, row)


def redraw_cards(deps: Deps, client: WebClient, *, team_id: str, campaign_ids: Iterable[int]) -> None:
    """Draw these flights' results cards again where they were posted: a Promote test's call changed
    what they say of their place in it (bot/promote_tests reaches this through `deps.results_cards_changed`)."""
    with deps.database.transaction() as session:
        rows = result_store.results_for(session, team_id, campaign_ids)
    for campaign_id, row in sorted(rows.items()):
        if row.card_channel and row.card_ts:
            _redraw(deps, client, deps.campaigns.snapshot(team_id, campaign_id).campaign, row)


def _redraw(deps: Deps, client: WebClient, campaign: Campaign, row: CampaignResult) -> None:
    blocks = _card(deps, campaign, row, corrected=row.updated_at != row.entered_at)
    text = card_text(campaign, as_result(row))
    edited = call(client.chat_update, channel=row.card_channel, ts=row.card_ts, text=text, blocks=blocks)
    if not edited.ok:
        log.warning("Couldn't redraw the results card of campaign %s: %s", campaign.id, edited.error)


def _post(client: WebClient, campaign: Campaign, channel, thread_ts, text: str, blocks) -> tuple[str, str] | None:
    if channel in (None, campaign.channel_id):
        channel, thread_ts = campaign.channel_id, campaign.message_ts
    if not channel:
        return None
    outcome = call(
        client.chat_postMessage, channel=channel, thread_ts=thread_ts, text=text, blocks=blocks, unfurl_links=False
    )
    if not outcome.ok:
        log.warning("Couldn't post the results card of campaign %s: %s", campaign.id, outcome.error)
        return None
    return outcome.data["channel"], outcome.data["ts"]


def _chosen_by(deps: Deps, campaign: Campaign) -> str | None:
    """The Promote test whose winner this Spark flight scales (storage/promote_tests.py), in words."""
    if campaign.escalated_from_id is None:
        return None
    with deps.database.transaction() as session:
        return test_store.chosen_by(session, campaign.team_id, campaign.id)


def _escalated_from(deps: Deps, campaign: Campaign) -> tuple[Campaign, Any] | None:
    """The Promote flight this Spark flight scaled, with its figures, when it has some."""
    if campaign.escalated_from_id is None:
        return None
    try:
        source = deps.campaigns.snapshot(campaign.team_id, campaign.escalated_from_id)
    except NotFound:
        return None
    row: CampaignResult | None = source.result
    return (source.campaign, as_result(row)) if row is not None else None
