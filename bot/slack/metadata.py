"""One codec for a modal's private_metadata: what a modal carries from one request to the next.

The metadata is a compact JSON object whose fields are strings or whole numbers; a field whose value
is None is left out. Decoding is lenient in one way, everywhere: private_metadata arrives in a request
anyone can forge or replay from an older version, so whatever isn't such an object (not a string,
not JSON, a list, a bare string) decodes to an empty one, and a field of another type (null, a
float, a boolean, a nested value) reads as missing. Decoding never raises; each reader then supplies
its own defaults and checks (a conversation id's shape, a count's bounds), and a modal that ends up
pointing at nothing is answered as such (docs/architecture.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

# Slack's limit on private_metadata.
MAX_METADATA = 3000

Value = str | int


def encode(fields: Mapping[str, Value | None]) -> str:
    """`fields` as compact JSON, leaving out those that are None."""
    return json.dumps({key: value for key, value in fields.items() if value is not None}, separators=(",", ":"))


@dataclass(frozen=True)
class Metadata:
    """The string and whole-number fields a modal carried; anything else is as if it weren't there."""

    fields: Mapping[str, Value] = field(default_factory=dict)

    def text(self, key: str, default: str = "") -> str:
        value = self.fields.get(key)
        return value if isinstance(value, str) else default

    def number(self, key: str) -> int | None:
        value = self.fields.get(key)
        return value if isinstance(value, int) else None


def decode(raw: object) -> Metadata:
    """What `raw` carried, as far as it is this codec's JSON object; never raises."""
    if not isinstance(raw, str) or not raw:
        return Metadata()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return Metadata()
    if not isinstance(data, dict):
        return Metadata()
    return Metadata(
        {
            key: value
            for key, value in data.items()
            # bool is an int in Python, but never a field of ours.
            if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        }
    )
