"""The CSV export as a person receives it: the DM's file, parsed back as a spreadsheet would read it."""

from __future__ import annotations

import csv
import io

from bot.core.export import COLUMNS


def replies(flightdeck):
    return flightdeck.emulator.attempts_of("response_url")


def last_reply(flightdeck, count: int) -> str:
    flightdeck.emulator.wait_for(lambda: len(replies(flightdeck)) >= count)
    return replies(flightdeck)[-1].args["text"]


def exported(flightdeck, count: int = 1) -> list[dict]:
    files = flightdeck.emulator.wait_for(lambda: len(flightdeck.emulator.files) >= count and flightdeck.emulator.files)
    return list(files.values())


def parse(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)
