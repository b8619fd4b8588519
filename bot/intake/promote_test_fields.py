"""The intake's Promote test fields (docs/domain.md): compare several posts of one client, or join a test.

Shown when the decision is Promote. "Other posts to test" takes one TikTok link per line: the intake
then records one Promote flight per post (the one above and each listed), with the same budget,
dates and owner, linked as one test. "Or add it to an open Promote test" lists the channel's tests
still taking posts: the flight joins that test instead. Adding later happens here, in the intake,
because every candidate is a flight of its own and the intake is where flights are recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from sqlalchemy.exc import SQLAlchemyError

from bot.core.intake import NOT_OFFERED, IntakeForm, record_id
from bot.core.promote_test import MAX_CANDIDATES
from bot.intake.ids import IntakeId
from bot.intake.links import handle_in_link, tiktok_post_url
from bot.intake.validation import UNREADABLE_TEXT
from bot.slack.text import readable
from storage import promote_tests as test_store
from storage.db import Database
from storage.models import PromoteTest
from storage.promote_tests import Flight, PromoteTests
from storage.snapshot import Snapshot

log = logging.getLogger(__name__)

# Five links of 500 characters, one a line, fit.
MAX_TEST_POSTS_LENGTH = 3000
# Slack's limits: 100 options a select, 75 characters an option's text.
MAX_OPEN_TESTS = 100
MAX_OPTION_TEXT = 75


@dataclass(frozen=True)
class OpenTest:
    """A test the channel has open, as the select offers it."""

    id: int
    client: str
    objective: str
    posts: int

    @property
    def label(self) -> str:
        tail = f" · {self.objective} · {self.posts} posts"
        return self.client[: MAX_OPTION_TEXT - len(tail)] + tail


@dataclass(frozen=True)
class TestChoice:
    """What the test fields say: the other posts' lines as typed, and the test picked (its option value)."""

    posts_text: str = ""
    join: str | None = None

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.posts_text.splitlines() if line.strip()]

    @property
    def is_new_test(self) -> bool:
        return bool(self.lines)


def read_test_choice(values: dict[str, Any]) -> TestChoice:
    """Lenient, like the rest of the form: anything of the wrong shape reads as left empty."""
    if not isinstance(values, dict):
        return TestChoice()

    def state(block_id: str) -> dict[str, Any]:
        block = values.get(block_id)
        found = block.get(block_id) if isinstance(block, dict) else None
        return found if isinstance(found, dict) else {}

    text = state(IntakeId.TEST_POSTS).get("value")
    option = state(IntakeId.JOIN_TEST).get("selected_option")
    join = option.get("value") if isinstance(option, dict) else None
    return TestChoice(text.strip() if isinstance(text, str) else "", join if isinstance(join, str) else None)


def choice_blocks(choice: TestChoice, open_tests: list[OpenTest]) -> list[Block]:
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="*Promote test* (optional): run several posts of this client side by side, and Flightdeck "
                    "calls the winner from their results."
                )
            ]
        ),
        InputBlock(
            block_id=IntakeId.TEST_POSTS,
            label="Other posts to test against this one",
            optional=True,
            hint=f"One TikTok link per line, up to {MAX_CANDIDATES - 1}. Each runs as its own Promote flight "
            "with the budget, dates and owner above.",
            element=PlainTextInputElement(
                action_id=IntakeId.TEST_POSTS,
                multiline=True,
                initial_value=choice.posts_text[:MAX_TEST_POSTS_LENGTH] or None,
                max_length=MAX_TEST_POSTS_LENGTH,
                placeholder="https://www.tiktok.com/@creator/video/…",
            ),
        ),
    ]
    options = [Option(value=str(test.id), text=test.label) for test in open_tests[:MAX_OPEN_TESTS]]
    if options:
        picked = next((option for option in options if option.value == choice.join), None)
        blocks.append(
            InputBlock(
                block_id=IntakeId.JOIN_TEST,
                label="Or add this post to an open Promote test",
                optional=True,
                element=StaticSelectElement(
                    action_id=IntakeId.JOIN_TEST, options=options, initial_option=picked, placeholder="Pick a test"
                ),
            )
        )
    return blocks


def choice_errors(choice: TestChoice, form: IntakeForm, open_tests: list[OpenTest]) -> dict[str, str]:
    """Inline errors for the test fields, keyed by block; empty when they are fine (or left empty)."""
    errors: dict[str, str] = {}
    if choice.posts_text:
        errors.update(_posts_errors(choice, form))
    if choice.join is not None:
        test = next((t for t in open_tests if str(t.id) == choice.join), None)
        if test is None:
            errors[IntakeId.JOIN_TEST] = NOT_OFFERED
        elif choice.is_new_test:
            errors[IntakeId.JOIN_TEST] = "Either list other posts for a new test, or add this post to an open one."
        elif _same_client(test.client, form.client) is False:
            errors[IntakeId.JOIN_TEST] = f"That test compares posts of {test.client}; this flight is for {form.client}."
        elif test.posts >= MAX_CANDIDATES:
            errors[IntakeId.JOIN_TEST] = f"That test already has {MAX_CANDIDATES} posts, the most one test compares."
    return errors


def _same_client(a: str, b: str) -> bool | None:
    if not b:
        return None  # the client field says it's missing
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _posts_errors(choice: TestChoice, form: IntakeForm) -> dict[str, str]:
    block = IntakeId.TEST_POSTS
    if not readable(choice.posts_text):
        return {block: UNREADABLE_TEXT}
    if len(choice.posts_text) > MAX_TEST_POSTS_LENGTH:
        return {block: f"At most {MAX_TEST_POSTS_LENGTH} characters; this has {len(choice.posts_text)}."}
    lines = choice.lines
    if len(lines) > MAX_CANDIDATES - 1:
        return {block: f"A test compares at most {MAX_CANDIDATES} posts: this one and {MAX_CANDIDATES - 1} more."}
    seen = {tiktok_post_url(form.post_url): "the post above"} if tiktok_post_url(form.post_url) else {}
    for number, line in enumerate(lines, start=1):
        where = f"Line {number}" if len(lines) > 1 else "This"
        post = tiktok_post_url(line)
        if post is None:
            return {block: f"{where} isn't a TikTok post link: paste one link per line, like the post link above."}
        if post in seen:
            return {block: f"{where} is the same post as {seen[post]}: each candidate is a different post."}
        seen[post] = f"line {number}"
    return {}


def candidate_forms(form: IntakeForm, choice: TestChoice) -> list[IntakeForm]:
    """One form per candidate: the intake's, then each listed post with its creator (from a full link;
    a short link names none, so it is taken to be the same creator's)."""
    others = [
        replace(form, post_url=line, creator_handle=handle_in_link(line) or form.creator_handle)
        for line in choice.lines
    ]
    return [form, *others]


# -- reading the channel's tests and saving ----------------------------------------------------------------


def open_tests_in(database: Database, team_id: str, channel_id: str) -> list[OpenTest]:
    """The channel's tests still taking posts. None, when it can't be read: the rest of the intake still works."""
    if not team_id or not channel_id:
        return []
    try:
        with database.transaction() as session:
            tests = test_store.open_tests(session, team_id, channel_id=channel_id)[:MAX_OPEN_TESTS]
            counts = test_store.candidate_counts(session, team_id, [t.id for t in tests])
    except SQLAlchemyError:
        log.exception("Couldn't read the channel's open Promote tests")
        return []
    return [OpenTest(t.id, t.client, t.objective, counts.get(t.id, 0)) for t in tests]


def save(
    tests: PromoteTests, flights: list[Flight], choice: TestChoice, *, now: datetime, summary_in: str | None
) -> tuple[list[Snapshot], int | None]:
    """Record the intake's flights: a new test, a flight joining one, or a flight alone. With the test's id."""
    first = flights[0][0]
    if len(flights) > 1:
        test = PromoteTest(
            team_id=first.team_id,
            client=first.client,
            objective=first.objective,
            channel_id=summary_in or None,
            owner_id=first.owner_id,
            created_by=first.created_by,
            created_at=now,
            updated_at=now,
        )
        recorded = tests.create(test, flights, now=now, summary_in=summary_in)
        return recorded.snapshots, recorded.test.id
    if (test_id := record_id(choice.join)) is not None:
        recorded = tests.add_flight(first.team_id, test_id, flights[0], now=now, summary_in=summary_in)
        return recorded.snapshots, recorded.test.id
    snapshot, escalating = tests.record(*flights[0], now=now, summary_in=summary_in)
    return [snapshot], escalating.id if escalating else None
