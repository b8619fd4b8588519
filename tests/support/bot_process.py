"""A real Flightdeck process (`python -m bot serve`), started, stopped and killed by the tests.

It gets a clean environment (only what the test gives it), runs in its own directory so no
`.env` of the developer's leaks in, talks to the Slack emulator, and logs to a file the test
reads: "Flightdeck is ready" marks the end of start-up.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.flights import reminder_id_of
from tests.support.harness import SIGNING_SECRET, Flightdeck
from tests.support.slack_emulator import SlackEmulator
from tests.support.slack_requests import SlackSender

READY = "Flightdeck is ready"

# Fast ticks and short leases, so a test sees a crash recovered within seconds.
FAST_DISPATCH = {
    "DISPATCH_INTERVAL_SECONDS": "0.2",
    "DISPATCH_LEASE_SECONDS": "3",
    "SLACK_CHANNEL_INTERVAL_SECONDS": "0.01",
    "SLACK_TIMEOUT_SECONDS": "2",
}


class BotProcessError(AssertionError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BotProcess:
    def __init__(
        self,
        emulator: SlackEmulator,
        database_url: str,
        workdir: Path,
        *,
        name: str = "bot",
        env: dict[str, str] | None = None,
        command: str = "serve",
    ):
        self.emulator = emulator
        self.database_url = database_url
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.command = command  # `python -m bot <command>`: serve (HTTP), socket, or run (either)
        self.extra_env = {**FAST_DISPATCH, **(env or {})}
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.starts = 0
        self.log_path = self.workdir / f"{name}.log"
        self._log_offset = 0
        self.spawned_at = 0.0

    # -- lifecycle ----------------------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "SLACK_BOT_TOKEN": self.emulator.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.emulator.url,
            "DATABASE_URL": self.database_url,
            "PORT": str(self.port),
            "DEFAULT_TIMEZONE": "America/New_York",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            # A fatal signal (see `abort_with_stacks`) writes every thread's stack to the log.
            "PYTHONFAULTHANDLER": "1",
            **self.extra_env,
        }

    def spawn(self) -> BotProcess:
        """Start the process and return at once; `wait_ready` waits for the end of start-up."""
        if self.running:
            raise BotProcessError(f"{self.name} is already running")
        self.port = free_port()
        self.starts += 1
        with self.log_path.open("a") as log:
            log.write(f"--- start {self.starts} ---\n")
            log.flush()
            self._log_offset = log.tell()
            self.spawned_at = time.monotonic()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", self.command],
                cwd=self.workdir,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def start(self, timeout: float = 30.0) -> BotProcess:
        self.spawn()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 30.0, poll: float = 0.01) -> float:
        """Wait for "Flightdeck is ready" in this start's log; the seconds since the spawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if READY in self.current_log():
                return time.monotonic() - self.spawned_at
            if self.process is not None and self.process.poll() is not None:
                raise BotProcessError(f"{self.name} exited with {self.process.returncode}:\n{self.current_log()}")
            time.sleep(poll)
        raise BotProcessError(f"{self.name} wasn't ready after {timeout} s:\n{self.current_log()}")

    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, as a platform stops a process; the exit code."""
        return self._end(signal.SIGTERM, timeout)

    def kill(self) -> int:
        """SIGKILL: no `finally`, no commit, nothing flushed."""
        return self._end(signal.SIGKILL, 10.0)

    def restart(self, timeout: float = 30.0) -> BotProcess:
        if self.running:
            self.stop()
        return self.start(timeout)

    def _end(self, signum: int, timeout: float) -> int:
        if self.process is None:
            raise BotProcessError(f"{self.name} was never started")
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise BotProcessError(f"{self.name} ignored signal {signum}:\n{self.current_log()}") from None

    def abort_with_stacks(self) -> str:
        """SIGABRT: the process writes where each of its threads is to the log, then dies. The log."""
        if self.running:
            self._end(signal.SIGABRT, 10.0)
        return self.current_log()

    def close(self) -> None:
        if self.running:
            self.kill()

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- observing it -------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise BotProcessError(f"{self.name} was never started")
        return self.process.pid

    def log(self) -> str:
        """Everything the process wrote, across restarts."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def current_log(self) -> str:
        """What the current (or last) start wrote."""
        with self.log_path.open("rb") as log:
            log.seek(self._log_offset)
            return log.read().decode(errors="replace")

    def healthy(self, timeout: float = 2.0) -> bool:
        """Does /healthz answer 200 ok?"""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=timeout) as response:
                return response.status == 200 and response.read().strip() == b"ok"
        except (urllib.error.URLError, OSError):
            return False

    def as_slack(self) -> ActingAsSlack:
        """Signed requests to this process, as Slack and a person send them (an intake, a click)."""
        return ActingAsSlack(self.emulator, SlackSender(f"http://127.0.0.1:{self.port}/slack/events", SIGNING_SECRET))

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.current_log().count(text) < count:
            if time.monotonic() > deadline:
                raise BotProcessError(f"{self.name} never logged {text!r} {count} times:\n{self.current_log()}")
            if not self.running:
                raise BotProcessError(f"{self.name} died:\n{self.current_log()}")
            time.sleep(0.02)


class ActingAsSlack:
    """The in-process harness's ways of using the app (open the intake, answer it, submit it), aimed
    at a real process: they need only its address and the emulator it talks to."""

    def __init__(self, emulator: SlackEmulator, sender: SlackSender):
        self.emulator = emulator
        self.sender = sender

    slash = Flightdeck.slash
    open_intake = Flightdeck.open_intake
    change = Flightdeck.change
    submit = Flightdeck.submit


def eventually(predicate, timeout: float = 15.0, poll: float = 0.02):
    """Wait until `predicate()` is truthy (for what no single emulator's `wait_for` can watch)."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {getattr(predicate, '__name__', predicate)}")
        time.sleep(poll)
    return result


# -- what the processes send -----------------------------------------------------------------------------


def deliveries(*emulators: SlackEmulator) -> Counter[int]:
    """How many times Slack accepted each reminder (told apart by its buttons' block id)."""
    return Counter(
        reminder_id
        for emulator in emulators
        for call in emulator.posts()
        if (reminder_id := reminder_id_of(call.answer["message"])) is not None
    )


def on_post(emulator: SlackEmulator, nth: int, action: Callable[[dict[str, Any]], None]) -> None:
    """Run `action(args)` as Slack takes the `nth` chat.postMessage, before it answers.

    The message is posted all the same: whatever `action` breaks (the bot, its database) is broken
    by the time the bot hears back and goes to record it.
    """
    seen = 0

    def when(args: dict[str, Any]) -> bool:
        nonlocal seen
        seen += 1
        if seen == nth:
            action(args)
        return False  # never a fault: every post is answered as Slack would

    emulator.fail("chat.postMessage", when=when, times=10**9)
