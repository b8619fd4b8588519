"""Refusals: what a person asked for can't be done, in words written for them (`str(error)`)."""

from __future__ import annotations


class FlightdeckError(Exception):
    """An error the user can act on; `str(error)` is written for them."""


class NotFound(FlightdeckError):
    pass


class NotAllowed(FlightdeckError):
    pass


class AlreadyHandled(FlightdeckError):
    pass


class AlreadyInEffect(AlreadyHandled):
    """The change asked for already holds (a double-click, or someone got there first): nothing to do."""


class NoLongerApplies(AlreadyHandled):
    """The reminder belongs to a plan the flight has moved on from."""


class SnoozeTooLate(FlightdeckError):
    """A code warning snoozed to or past its code's expiry would come back too late to act on."""
