"""A person filling in a modal: `view.state.values` as Slack builds it from the inputs on screen.

Slack reports every input block's current value, initial values included, keyed by block_id
then action_id, in the element's own shape (selected_option, selected_date, value…).
"""

from __future__ import annotations

import time
from typing import Any


def _option(element: dict[str, Any], value: str) -> dict[str, Any]:
    for option in element.get("options", []):
        if option["value"] == value:
            return option
    raise AssertionError(
        f"no option {value!r} in {element['action_id']} (has {[o['value'] for o in element['options']]})"
    )


def input_blocks(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}


def _state_of(element: dict[str, Any], value: Any = None, *, initial: bool) -> dict[str, Any]:
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    if kind in ("plain_text_input", "number_input", "url_text_input", "email_text_input"):
        state["value"] = element.get("initial_value") if initial else value
    elif kind in ("radio_buttons", "static_select"):
        if initial:
            state["selected_option"] = element.get("initial_option")
        else:
            state["selected_option"] = _option(element, value) if value is not None else None
    elif kind == "checkboxes":
        if initial:
            state["selected_options"] = element.get("initial_options") or []
        else:
            state["selected_options"] = [_option(element, v) for v in value]
    elif kind == "datepicker":
        state["selected_date"] = element.get("initial_date") if initial else value
    elif kind == "users_select":
        state["selected_user"] = element.get("initial_user") if initial else value
    else:
        raise AssertionError(f"the modal filler doesn't know {kind}")
    return state


def state_values(view: dict[str, Any], answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """What Slack would report for `view` after the person typed or picked `answers` (by block_id)."""
    answers = answers or {}
    blocks = input_blocks(view)
    unknown = set(answers) - set(blocks)
    if unknown:
        raise AssertionError(f"the modal has no inputs {sorted(unknown)}; it has {sorted(blocks)}")
    values = {}
    for block_id, block in blocks.items():
        element = block["element"]
        if block_id in answers:
            state = _state_of(element, answers[block_id], initial=False)
        else:
            state = _state_of(element, initial=True)
        values[block_id] = {element["action_id"]: state}
    return values


def action_for(view: dict[str, Any], block_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """The `actions[0]` Slack sends when the input `block_id` dispatches its change."""
    block = input_blocks(view)[block_id]
    element = block["element"]
    state = values[block_id][element["action_id"]]
    return {
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
        **state,
    }


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The block `block_id` of a view or message; fails the test when it isn't there."""
    found = [b for b in view["blocks"] if b.get("block_id") == block_id]
    if not found:
        raise AssertionError(f"no block {block_id!r}; the view has {block_ids(view)}")
    return found[0]


def block_ids(view: dict[str, Any]) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b.get("block_id")]


def texts(node: Any) -> str:
    """Every piece of text a person can read in a view or message (labels, options, mrkdwn…), one per line."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                found.append(value["text"])
            for key, item in value.items():
                if key != "text" or not isinstance(item, str):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return "\n".join(found)
