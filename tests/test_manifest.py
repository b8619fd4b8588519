"""manifest.yml is a valid Slack app manifest with everything the README's setup needs."""

import json
from pathlib import Path

import jsonschema
import yaml

from bot.slack.scopes import REQUIRED_SCOPES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "data" / "manifest.schema.1.0.0.json"


def load_manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema():
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(load_manifest(), schema)


def test_manifest_declares_what_flightdeck_uses():
    manifest = load_manifest()
    features = manifest["features"]
    assert {c["command"] for c in features["slash_commands"]} == {"/intake", "/flights"}
    assert [s["callback_id"] for s in features["shortcuts"]] == ["start_intake"]
    assert features["app_home"]["home_tab_enabled"] is True
    # Exactly what the code says it uses, and what `python -m bot check` looks for in the token.
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(REQUIRED_SCOPES)
    # files:write: /flights export uploads its CSV; channels:read and groups:read: Slack Connect checks.
    assert {"commands", "chat:write", "im:write", "users:read", "files:write", "channels:read"} <= set(REQUIRED_SCOPES)
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_a_broken_manifest_is_caught():
    schema = json.loads(SCHEMA.read_text())
    manifest = load_manifest()
    manifest["features"]["shortcuts"][0]["name"] = "A shortcut name far longer than Slack allows"
    try:
        jsonschema.validate(manifest, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted a 44-character shortcut name")
