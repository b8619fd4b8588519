"""The weekly digest driven as Slack and the clock drive it: its dispatcher, and what Slack received."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import select

from bot.digest.dispatch import DigestDispatcher
from bot.slack.api import web_client
from storage.db import Database
from storage.subscription_models import DigestSubscription
from tests.support.harness import Flightdeck
from tests.support.slack_emulator import TEAM_ID, Call

OPS = "C0OPS"
OPS_TOKEN = f"<#{OPS}|ops-weekly>"


def digest_dispatcher(flightdeck: Flightdeck, database: Database | None = None) -> DigestDispatcher:
    dispatcher = DigestDispatcher(
        database=database or flightdeck.database,
        client=web_client(flightdeck.settings, retry_connection_errors=False),
        clock=flightdeck.clock,
        settings=flightdeck.settings,
        team_id=TEAM_ID,
    )
    return dispatcher


def send_digests_at(flightdeck: Flightdeck, dispatcher: DigestDispatcher, instant: datetime):
    flightdeck.clock.set(instant)
    return dispatcher.tick()


def replies(flightdeck: Flightdeck) -> list[str]:
    return [call.args["text"] for call in flightdeck.emulator.attempts_of("response_url")]


def reply_to(flightdeck: Flightdeck, text: str, **kwargs) -> str:
    """Type `/flights digest <text>` and wait for the ephemeral answer."""
    before = len(replies(flightdeck))
    reply = flightdeck.slash("/flights", f"digest {text}".strip(), **kwargs)
    assert reply.status == 200, reply
    flightdeck.emulator.wait_for(lambda: len(replies(flightdeck)) > before)
    return replies(flightdeck)[-1]


def subscriptions(flightdeck: Flightdeck) -> list[DigestSubscription]:
    with flightdeck.database.transaction() as session:
        query = select(DigestSubscription).where(DigestSubscription.team_id == TEAM_ID).order_by(DigestSubscription.id)
        return list(session.exec(query))


def digest_posts(flightdeck: Flightdeck, channel: str | None = None) -> list[Call]:
    """Every digest message Slack took (first parts and threaded parts), in order."""
    headings = ("Weekly digest", "Your weekly digest")
    return [call for call in flightdeck.emulator.posts(channel) if call.args.get("text", "").startswith(headings)]


def blocks_of(call: Call) -> list[dict]:
    blocks = call.args.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else blocks or []


def text_of(call: Call) -> str:
    parts = []
    for block in blocks_of(call):
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            parts.append(element.get("text", ""))
    return "\n".join(parts)
