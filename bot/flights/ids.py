"""The ids /flights answers to (the command is declared in manifest.yml)."""

from __future__ import annotations

FLIGHTS_COMMAND = "/flights"
