"""The weekly digest's fixtures: the app with a digest dispatcher beside it."""

from __future__ import annotations

import pytest

from tests.support.digest import digest_dispatcher


@pytest.fixture
def digests(flightdeck_any):
    """The app on each backend, and a digest dispatcher beside it."""
    dispatcher = digest_dispatcher(flightdeck_any)
    yield flightdeck_any, dispatcher
    dispatcher.client.close()


@pytest.fixture
def digests_sqlite(flightdeck):
    dispatcher = digest_dispatcher(flightdeck)
    yield flightdeck, dispatcher
    dispatcher.client.close()
