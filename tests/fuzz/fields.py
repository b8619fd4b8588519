"""Generated values for a modal's inputs, in the shapes Slack reports them (and shapes it never does)."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.support import hostile_text
from tests.support.harness import ADMIN, OWNER, TEAMMATE

_views = itertools.count(1)


def fresh_view_id() -> str:
    """Each generated submission is a modal of its own (one modal records one flight)."""
    return f"VFUZZ{next(_views):06d}"


dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01", "2026-02-30", "2026-11-23", "2026-12-06"]),
    hostile_text,
)
user_ids = st.one_of(
    st.sampled_from([OWNER, TEAMMATE, ADMIN, "U0X> <!channel", "<@U0INJECTED>", "W0INJECTED|x", "", "u0lower"]),
    hostile_text,
)


def _offered(element: dict[str, Any]) -> tuple[str, ...]:
    return tuple(option["value"] for option in element.get("options", []))


def option_values(element: dict[str, Any]) -> st.SearchStrategy[str]:
    return _option_values(_offered(element))


@cache
def _option_values(offered: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(offered), hostile_text) if offered else hostile_text


def state_for(element: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A state for `element` as Slack would report it after a person (or a forger) changed it."""
    # Built once per kind of input: building strategies anew for every case costs more than the case.
    return _state_for(element["type"], _offered(element))


@cache
def _state_for(kind: str, offered: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    element = {"options": [{"value": value} for value in offered]}
    if kind in ("plain_text_input", "number_input"):
        typed = st.one_of(hostile_text, st.decimals(allow_nan=True).map(str), st.integers().map(str))
        return st.fixed_dictionaries({"type": st.just(kind), "value": st.one_of(st.none(), typed)})
    if kind in ("static_select", "radio_buttons"):
        option = st.builds(
            lambda v, t: {"value": v, "text": {"type": "plain_text", "text": t}}, option_values(element), hostile_text
        )
        return st.fixed_dictionaries({"type": st.just(kind), "selected_option": st.one_of(st.none(), option)})
    if kind == "checkboxes":
        options = st.lists(st.builds(lambda v: {"value": v}, option_values(element)), max_size=4)
        return st.fixed_dictionaries({"type": st.just(kind), "selected_options": options})
    if kind == "datepicker":
        return st.fixed_dictionaries({"type": st.just(kind), "selected_date": st.one_of(st.none(), dates)})
    if kind == "users_select":
        return st.fixed_dictionaries({"type": st.just(kind), "selected_user": st.one_of(st.none(), user_ids)})
    return st.fixed_dictionaries({"type": st.just(kind)})


# What a forger sends where Slack would send a state object.
odd_states = st.one_of(st.none(), st.integers(), hostile_text, st.lists(st.integers(), max_size=2), st.just({}))
