"""Generated request bodies: JSON of any shape, and Slack's own payload shapes with parts broken."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.support import hostile_text
from tests.support.harness import CHANNEL, OWNER
from tests.support.slack_emulator import TEAM_ID

# The keys Bolt and the listeners read, so generated objects hit the code that reads them.
KEYS = [
    "type",
    "team",
    "user",
    "id",
    "view",
    "actions",
    "action_id",
    "block_id",
    "value",
    "selected_option",
    "selected_options",
    "selected_date",
    "selected_user",
    "state",
    "values",
    "callback_id",
    "private_metadata",
    "trigger_id",
    "channel",
    "container",
    "message",
    "event",
    "tab",
    "enterprise",
    "enterprise_id",
    "authorizations",
    "team_id",
    "user_id",
    "channel_id",
    "command",
    "text",
    "hash",
    "blocks",
    "response_urls",
    "is_enterprise_install",
    "app_installed_team_id",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
    st.sampled_from(["intake", "flight_menu", "done", "ownership", TEAM_ID, OWNER, CHANNEL, "9999-12-31"]),
)
# Two levels of lists and objects: deep enough to stand where Slack puts an object, a list or a
# string, and cheap to draw (Hypothesis's recursive strategies cost more than the cases they feed).
_shallow = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(KEYS), scalars, max_size=3),
)
json_values = st.one_of(
    _shallow,
    st.lists(_shallow, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), _shallow, max_size=4),
)


def _team() -> dict[str, str]:
    return {"id": TEAM_ID, "domain": "acme-agency"}


def _user() -> dict[str, str]:
    return {"id": OWNER, "username": "owner", "team_id": TEAM_ID}


TEMPLATES: list[dict[str, Any]] = [
    {
        "type": "block_actions",
        "team": _team(),
        "user": _user(),
        "trigger_id": "1.2.abc",
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": CHANNEL},
        "channel": {"id": CHANNEL},
        "message": {"ts": "1.000001", "text": "x", "blocks": []},
        "actions": [{"action_id": "flight_menu", "block_id": "b", "selected_option": {"value": "extend:1"}}],
    },
    {
        "type": "block_actions",
        "team": _team(),
        "user": _user(),
        "trigger_id": "1.2.abc",
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": CHANNEL},
        "message": {"ts": "1.000001"},
        "actions": [{"action_id": "done", "block_id": "reminder_1", "value": "1", "type": "button"}],
    },
    {
        "type": "block_actions",
        "team": _team(),
        "user": _user(),
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "hash": "h", "type": "modal", "callback_id": "intake", "state": {"values": {}}},
        "actions": [{"action_id": "ownership", "block_id": "ownership", "selected_option": {"value": "brand"}}],
    },
    {
        "type": "view_submission",
        "team": _team(),
        "user": _user(),
        "view": {
            "id": "V2",
            "type": "modal",
            "callback_id": "intake",
            "private_metadata": '{"channel":"C0GLOWCO","accounts":1}',
            "state": {"values": {"client": {"client": {"type": "plain_text_input", "value": "GlowCo"}}}},
        },
    },
    {
        "type": "view_submission",
        "team": _team(),
        "user": _user(),
        "view": {
            "id": "V3",
            "type": "modal",
            "callback_id": "extend_flight",
            "private_metadata": '{"k":1,"c":"","ts":""}',
            "state": {"values": {"extend_last_day": {"extend_last_day": {"selected_date": "9999-12-31"}}}},
        },
    },
    {
        "type": "view_submission",
        "team": _team(),
        "user": _user(),
        "view": {
            "id": "V4",
            "type": "modal",
            "callback_id": "code_renewed",
            "private_metadata": '{"k":1,"a":1,"c":"","ts":""}',
            "state": {"values": {"renew_issued_on": {"renew_issued_on": {"selected_date": "9999-12-31"}}}},
        },
    },
    {
        "type": "message_action",
        "team": _team(),
        "user": _user(),
        "callback_id": "start_intake",
        "trigger_id": "1.2.abc",
        "channel": {"id": CHANNEL},
        "message": {"ts": "1.1", "text": "<https://www.tiktok.com/@a/video/12345678901>"},
    },
    {"type": "view_closed", "team": _team(), "user": _user(), "view": {"id": "V5", "type": "modal"}},
    {
        "type": "event_callback",
        "team_id": TEAM_ID,
        "api_app_id": "A0FLIGHTDECK",
        "event_id": "Ev1",
        "event": {"type": "app_home_opened", "user": OWNER, "tab": "home"},
    },
]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(node: Any, path: tuple, value: Any, *, delete: bool) -> Any:
    if not path:
        return value
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return node


@st.composite
def broken_payloads(draw) -> dict[str, Any] | Any:
    """One of Slack's payload shapes with one to three parts replaced by anything, or removed."""
    payload = copy.deepcopy(draw(st.sampled_from(TEMPLATES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(payload)
        path = draw(st.sampled_from(paths[1:] or paths))
        payload = _replace(payload, path, draw(json_values), delete=draw(st.booleans()))
        if not isinstance(payload, dict):
            break
    return payload
