"""A Promote test recorded the real way: one intake, its post and the other candidates, one link a line."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage import promote_tests as test_store
from storage.models import Campaign, PromoteTest
from tests.support import slack_requests as slack
from tests.support.flights import PROMOTE_LAST_DAY, message_now, modal_after
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.intake import AD_ACCOUNT, POST, PROMOTE_ANSWERS
from tests.support.results import answers, form_from_reminder, summary_reminder
from tests.support.slack_emulator import TEAM_ID

SECOND = "https://www.tiktok.com/@maria.cooks/video/7301234567890123457"
THIRD = "https://www.tiktok.com/@sam.bakes/video/7301234567890123458?is_from_webapp=1"

# A Promote intake's answers once "the creator owns the data" has shown its fields.
ANSWERS: dict[str, Any] = {
    **{k: v for k, v in PROMOTE_ANSWERS.items() if k != "ownership"},
    "flight_end": PROMOTE_LAST_DAY.isoformat(),
}


def promote_intake(flightdeck: Flightdeck, *, user: str = OWNER, channel: str = CHANNEL, **answers: Any):
    """The intake modal with Promote's fields (and the test's) filled in, not yet submitted."""
    view = flightdeck.open_intake(POST, user=user, channel=channel)
    view = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership", user=user)
    return flightdeck.change(view, {**ANSWERS, **answers}, dispatch="flight_end", user=user)


def record_test(flightdeck: Flightdeck, posts: tuple[str, ...] = (SECOND, THIRD), **answers: Any) -> PromoteTest:
    """Record a test of the intake's post and `posts`, and wait until every candidate's summary is posted."""
    filled = {**ANSWERS, **answers, "promote_test_posts": "\n".join(posts)}
    view = promote_intake(flightdeck, **answers)
    reply = flightdeck.submit(view, filled)
    assert (reply.status, reply.body) == (200, ""), reply
    test = flightdeck.emulator.wait_for(lambda: recorded_tests(flightdeck)[-1:])[0]
    flightdeck.emulator.wait_for(lambda: all(c.message_ts for c in candidates(flightdeck, test)))
    # The test's own message follows its candidates' summaries, then each thread is told of it.
    flightdeck.emulator.wait_for(lambda: reloaded(flightdeck, test).message_ts)
    return reloaded(flightdeck, test)


def recorded_tests(flightdeck: Flightdeck) -> list[PromoteTest]:
    with flightdeck.database.transaction() as session:
        return list(session.exec(select(PromoteTest).where(PromoteTest.team_id == TEAM_ID).order_by(PromoteTest.id)))


def reloaded(flightdeck: Flightdeck, test: PromoteTest) -> PromoteTest:
    with flightdeck.database.transaction() as session:
        return test_store.get_test(session, TEAM_ID, test.id)


def candidates(flightdeck: Flightdeck, test: PromoteTest) -> list[Campaign]:
    with flightdeck.database.transaction() as session:
        return test_store.candidates(session, TEAM_ID, test.id)


# -- results ---------------------------------------------------------------------------------------------------


def results_form(flightdeck: Flightdeck, campaign: Campaign) -> dict[str, Any]:
    """The flight's summary pull reminder, sent once its last day is over, and the form its button opens."""
    return form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))


def enter_results(flightdeck: Flightdeck, campaign: Campaign, *, spent: str = "50", **figures: int) -> None:
    """The flight's figures entered as a person does, from its summary reminder's "Summary pulled"."""
    tests = recorded_tests(flightdeck)
    drawn = {t.id: len(_updates(flightdeck, t)) for t in tests}
    view = results_form(flightdeck, campaign)
    reply = flightdeck.submit(view, answers(spent=spent, **{k: str(v) for k, v in figures.items()}))
    assert (reply.status, reply.body) == (200, ""), reply.body
    # Its test's message is redrawn once the card is posted.
    flightdeck.emulator.wait_for(lambda: any(len(_updates(flightdeck, t)) > drawn[t.id] for t in tests))


def _updates(flightdeck: Flightdeck, test: PromoteTest) -> list:
    ts = reloaded(flightdeck, test).message_ts
    return [c for c in flightdeck.emulator.calls_to("chat.update") if ts and c.args.get("ts") == ts]


def message_of(flightdeck: Flightdeck, test: PromoteTest) -> dict[str, Any]:
    """The test's message as Slack shows it now."""
    test = flightdeck.emulator.wait_for(lambda: (t := reloaded(flightdeck, test)).message_ts and t)
    return message_now(flightdeck, test.channel_id, test.message_ts)


def buttons_of(message: dict[str, Any]) -> list[str]:
    """Every button's action id: in actions blocks, and beside a section (the winner's)."""
    found = []
    for block in message["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found += [e["action_id"] for e in elements if e.get("type") == "button"]
    return found


def press_on(
    flightdeck: Flightdeck, message: dict[str, Any], action_id: str, *, user: str = OWNER, value: str | None = None
):
    """Press a button of the test's message (the winner's sits beside its row); `value` forges its own."""
    block, button = next(
        (block, element)
        for block in message["blocks"]
        for element in (block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}])
        if element.get("action_id") == action_id
    )
    forged = {"value": value} if value is not None else {}
    action = slack.button_action({**button, **forged}, block.get("block_id", ""))
    reply = flightdeck.sender.interaction(slack.message_block_actions(message, CHANNEL, action, user_id=user))
    assert reply.status == 200, reply


# -- escalating the winner ---------------------------------------------------------------------------------

SCALED = {
    "objective_spark": "Conversions",
    "budget_amount": "400",
    "ad_account_0": AD_ACCOUNT,
    "code_expires_0": "2026-12-30",
    "flight_end": "2026-12-14",
}


def escalate(flightdeck, test, *, user=OWNER, value=None):
    message = message_of(flightdeck, test)
    return modal_after(
        flightdeck, lambda: press_on(flightdeck, message, "promote_test_escalate_winner", user=user, value=value)
    )


def record_escalation(flightdeck, test):
    modal = flightdeck.change(escalate(flightdeck, test), SCALED, dispatch="flight_end")
    assert flightdeck.submit(modal, SCALED).body == ""
    return flightdeck.emulator.wait_for(
        lambda: next((c for c in flightdeck.campaigns() if c.tool == "spark" and c.message_ts), None)
    )
