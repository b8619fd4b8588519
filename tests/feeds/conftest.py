"""The app with PUBLIC_URL set, on each backend in turn."""

from __future__ import annotations

import pytest

from tests.support.feeds import feeds_app


@pytest.fixture
def feeds(emulator, clock, database_url):
    """The app with PUBLIC_URL set, on each backend in turn."""
    app = feeds_app(emulator, clock, database_url)
    yield app
    app.close()
