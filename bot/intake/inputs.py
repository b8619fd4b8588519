"""The intake modal's inputs: one builder per kind of Block Kit input, each with the same habits.

Every input uses its block_id as its action_id too (bot/slack/ids.py), so `view.state.values[id][id]`
reads it, and an initial value never exceeds what the input allows (Slack refuses such a view).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.blocks.basic_components import DispatchActionConfig

# A number input that tells us when Enter is pressed, so what depends on it updates before submit.
ON_ENTER = DispatchActionConfig(trigger_actions_on=["on_enter_pressed"])


def choice(value: str, text: str) -> Option:
    return Option(value=value, text=text)


class Labelled(Protocol):
    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def labelled(members: Iterable[Labelled]) -> list[Option]:
    """One option per member of a vocabulary enum (bot/core/vocabulary.py): its value, shown by its label."""
    return [choice(member.value, member.label) for member in members]


def initial(options: list[Option], value: str | None) -> Option | None:
    return next((option for option in options if option.value == value), None)


def radio_input(block_id: str, label: str, options: list[Option], value: str | None) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        dispatch_action=True,
        element=RadioButtonsElement(action_id=block_id, options=options, initial_option=initial(options, value)),
    )


def text_input(
    block_id: str,
    label: str,
    value: str,
    placeholder: str,
    *,
    max_length: int,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(
            action_id=block_id,
            # Slack refuses a view whose initial value is longer than the input allows.
            initial_value=value[:max_length] or None,
            placeholder=placeholder,
            max_length=max_length,
        ),
    )


def select_input(
    block_id: str, label: str, options: list[Option], value: str | None, *, live: bool = True, placeholder: str
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        dispatch_action=live,
        element=StaticSelectElement(
            action_id=block_id, options=options, initial_option=initial(options, value), placeholder=placeholder
        ),
    )


def date_input(block_id: str, label: str, value: date | None, *, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=optional,
        dispatch_action=True,
        element=DatePickerElement(action_id=block_id, initial_date=value.isoformat() if value else None),
    )
