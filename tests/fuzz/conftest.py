"""One app per fuzz module (building it per case would cost more than the cases), and the counts.

Hypothesis runs derandomized (the same cases on every run, so CI is stable), without a deadline
(a case's time includes real HTTP to the Slack emulator) and without its example database.
`FUZZ_SCALE` multiplies every test's examples, for a longer hunt on a workstation.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, settings

from storage.db import Database
from tests.fuzz.support import DRIVERS, QUIET, Driver
from tests.support.clock import START, FakeClock
from tests.support.databases import sqlite_url
from tests.support.harness import ADMIN, OWNER, TEAMMATE, Flightdeck, test_settings
from tests.support.slack_emulator import SlackEmulator

settings.register_profile(
    "fuzz",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    # The app fixture is module-scoped on purpose: cases share it and each checks its own effects.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("fuzz")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    levels = {name: logging.getLogger(name).level for name in QUIET}
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    emulator = SlackEmulator().start()
    emulator.add_user(OWNER, tz="America/New_York")
    emulator.add_user(TEAMMATE, tz="Europe/Paris")
    emulator.add_user(ADMIN, tz="Europe/Helsinki", is_admin=True)
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"))
    flightdeck = Flightdeck(emulator, FakeClock(START), Database(url), test_settings(emulator, url))
    driver = Driver(flightdeck)
    DRIVERS.append(driver)
    yield driver
    flightdeck.close()
    emulator.stop()
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def pytest_terminal_summary(terminalreporter):
    cases = sum(d.cases for d in DRIVERS)
    if cases:
        seconds = sum(d.seconds for d in DRIVERS)
        terminalreporter.write_line(
            f"fuzz: {cases} generated requests, {seconds:.1f} s inside the app ({1000 * seconds / cases:.2f} ms each)"
        )
