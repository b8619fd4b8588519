"""How long `/intake` takes to reach views.open, against a bare Bolt app that opens a fixed modal.

The bare app's fixed modal is Flightdeck's own opening modal, built once before the run: the two
apps then send the same bytes, and the ratio is what Flightdeck's own work (the workspace check,
the owner's day, filling in the modal) adds to Bolt's. A second bare app opening a one-question
modal shows, for reference, what sending a full intake modal costs over a minimal one (mostly
JSON-encoding 8 KB).

All get the same signed, form-encoded slash command through `App.dispatch`, in the same run,
rotating which goes first. The clock starts when the request is handed to Bolt and stops when the
WebClient puts the views.open HTTP request on the wire (a hook on slack_sdk's transport: building
and encoding the view count, the round trip to Slack does not). Bolt acks on the request thread
and runs the listener on its thread pool, so the stop time is taken on whichever thread calls
views.open. The Slack emulator answers from another process. Target: Flightdeck at most 1.2 x
the bare app, median and p99.

    python -m bench.ack [--samples 500] [--warmup 50] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import tempfile
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import Ack, App, BoltRequest
from slack_sdk import WebClient

from bench._support import (
    OWNER,
    TOKEN,
    EmulatorProcess,
    WireProbe,
    machine_note,
    median,
    percentile,
    profile_report,
    sqlite_database,
)
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.slack.api import web_client
from bot.slack.workspace import Installation
from tests.support.slack_emulator import TEAM_ID
from tests.support.slack_requests import sign, slash_command

SIGNING_SECRET = "8f742231b10e8888abcd99a1b2c3d4e5"
CHANNEL = "C0GLOWCO"
TARGET = 1.2
BASELINE = "bare, same modal"
MINIMAL = "bare, 1-question"

FIXED_MODAL = {
    "type": "modal",
    "callback_id": "bare_intake",
    "title": {"type": "plain_text", "text": "Intake"},
    "submit": {"type": "plain_text", "text": "Save"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [
        {
            "type": "input",
            "block_id": "owner",
            "label": {"type": "plain_text", "text": "Who owns the conversion data at the end of the flight?"},
            "element": {
                "type": "static_select",
                "action_id": "owner",
                "options": [
                    {"text": {"type": "plain_text", "text": label}, "value": value}
                    for value, label in (
                        ("creator", "The creator"),
                        ("brand", "The brand"),
                        ("agency", "The agency"),
                        ("shared", "A shared dashboard"),
                    )
                ],
            },
        }
    ],
}


def bare_app(settings: Settings, view: dict[str, Any], name: str) -> App:
    """A Bolt app whose /intake acks and opens `view`, built once: the least any app can do."""
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=web_client(settings),
        token_verification_enabled=False,
        name=name,
    )

    @app.command("/intake")
    def open_fixed_modal(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)

    return app


def flightdecks_opening_view(app: App, probe: WireProbe) -> dict[str, Any]:
    """The modal Flightdeck opens, as it sent it: to tell rendering apart from sending a bigger view."""
    one_sample(app, probe)
    assert probe.view is not None
    return probe.view


def signed_intake() -> BoltRequest:
    body = urlencode(slash_command("/intake", user_id=OWNER, channel_id=CHANNEL))
    timestamp = str(int(time.time()))
    headers = {
        "content-type": ["application/x-www-form-urlencoded"],
        "x-slack-request-timestamp": [timestamp],
        "x-slack-signature": [sign(SIGNING_SECRET, timestamp, body)],
    }
    return BoltRequest(body=body, headers=headers)


def one_sample(app: App, probe: WireProbe) -> tuple[float, float]:
    """(to views.open, to the ack response) in seconds."""
    request = signed_intake()
    probe.arm()
    started = time.perf_counter()
    response = app.dispatch(request)
    acked = time.perf_counter()
    opened = probe.wait()
    if response.status != 200:
        raise RuntimeError(f"{app.name} answered {response.status}: {response.body}")
    return opened - started, acked - started


class _Inline:
    """An executor that runs listeners on the calling thread, so cProfile sees them."""

    def submit(self, fn, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def run(samples: int, warmup: int, profile: bool) -> None:
    with EmulatorProcess() as emulator, sqlite_database() as database:
        settings = Settings(
            slack_bot_token=TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=emulator.url,
            database_url=database.url,
            default_timezone="America/New_York",
        )
        flightdeck, _ = build_app(settings, database, SystemClock(), installation=Installation(TEAM_ID))
        probe = WireProbe("views.open")
        probe.install()
        try:
            apps = {
                "flightdeck": flightdeck,
                # The baseline: a bare app opening Flightdeck's modal, built once beforehand.
                BASELINE: bare_app(settings, flightdecks_opening_view(flightdeck, probe), "bare_fixed"),
                # For reference: a bare app opening a one-question modal.
                MINIMAL: bare_app(settings, FIXED_MODAL, "bare_minimal"),
            }
            for _ in range(warmup):
                for app in apps.values():
                    one_sample(app, probe)
            opened: dict[str, list[float]] = {name: [] for name in apps}
            acked: dict[str, list[float]] = {name: [] for name in apps}
            gc.collect()
            for index in range(samples):
                # Rotate which app goes first, so drift and cache effects fall on all alike.
                names = list(apps)
                order = names[index % len(names) :] + names[: index % len(names)]
                for name in order:
                    to_open, to_ack = one_sample(apps[name], probe)
                    opened[name].append(to_open)
                    acked[name].append(to_ack)
            report(opened, acked, samples, warmup)
            if profile:
                profile_flightdeck(flightdeck, probe, samples)
        finally:
            probe.uninstall()


def report(opened: dict[str, list[float]], acked: dict[str, list[float]], samples: int, warmup: int) -> None:
    print(f"/intake -> views.open, in process ({samples} samples each, {warmup} warm-up, rotating order)")
    print(f"{'app':<17} {'median ms':>10} {'p99 ms':>10} {'ack median ms':>14}")
    for name in opened:
        print(
            f"{name:<17} {median(opened[name]) * 1e3:>10.3f} {percentile(opened[name], 0.99) * 1e3:>10.3f}"
            f" {median(acked[name]) * 1e3:>14.3f}"
        )
    fd = opened["flightdeck"]
    for name in (BASELINE, MINIMAL):
        bare = opened[name]
        ratio_median = median(fd) / median(bare)
        ratio_p99 = percentile(fd, 0.99) / percentile(bare, 0.99)
        line = f"ratio flightdeck / {name}: median {ratio_median:.2f}, p99 {ratio_p99:.2f}"
        if name == BASELINE:
            verdict = "meets" if max(ratio_median, ratio_p99) <= TARGET else "misses"
            line += f" ({verdict} the target ≤ {TARGET})"
        else:
            line += " (reference: the cost of a full intake modal over a one-question one)"
        print(line)
    print("(ack = App.dispatch returning; Bolt polls for the ack every 10 ms, hence its floor)")
    print(f"machine: {machine_note()}")


def profile_flightdeck(app: App, probe: WireProbe, samples: int) -> None:
    app.listener_runner.listener_executor = _Inline()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(samples):
        one_sample(app, probe)
    profiler.disable()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ack.prof"
        profiler.dump_stats(str(path))
        print(f"\nProfile of {samples} Flightdeck /intake requests (listener run inline), includes views.open:")
        profile_report(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="then profile Flightdeck's path with cProfile")
    args = parser.parse_args(argv)
    run(args.samples, args.warmup, args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
