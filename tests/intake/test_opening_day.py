"""The default flight dates are the opener's today, even on the first /intake, before their zone is known.

views.open must come first (the trigger expires in 3 s), so the first modal guesses the day from
DEFAULT_TIMEZONE. Once the opener's zone is looked up, a modal opened on the wrong day is corrected
in place, with the hash views.open returned.
"""

from datetime import UTC, date, datetime

from tests.support.intake import POST, PROMOTE_ANSWERS
from tests.support.modal import block

# The fake clock: Monday 23 November, 10:00 in New York (DEFAULT_TIMEZONE), 04:00 on Tuesday in Auckland.
AUCKLAND = "U0AUCKLAND"
TUESDAY = date(2026, 11, 24)


def dates(view) -> tuple[str, str]:
    return tuple(block(view, b)["element"]["initial_date"] for b in ("flight_start", "flight_end"))


def test_the_first_intake_past_midnight_in_the_openers_zone_gets_their_dates(flightdeck):
    flightdeck.emulator.add_user(AUCKLAND, tz="Pacific/Auckland")
    flightdeck.emulator.reset_calls()

    opened = flightdeck.open_intake(POST, user=AUCKLAND)

    [update] = flightdeck.emulator.wait_for_calls("views.update")
    assert [call.method for call in flightdeck.emulator.calls] == ["views.open", "users.info", "views.update"]
    assert dates(opened) == ("2026-11-23", "2026-11-29")  # New York's Monday: wrong in Auckland
    assert (update.args["view_id"], update.args["hash"]) == (opened["id"], opened["hash"])
    view = update.answer["view"]
    assert dates(view) == ("2026-11-24", "2026-11-30")
    # New action ids, or Slack would keep showing the dates it already shows.
    assert {block(view, b)["element"]["action_id"] for b in ("flight_start", "flight_end")}.isdisjoint(
        {block(opened, b)["element"]["action_id"] for b in ("flight_start", "flight_end")}
    )
    assert block(view, "post_url")["element"]["initial_value"] == POST
    assert block(view, "owner")["element"]["initial_user"] == AUCKLAND

    view = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership", user=AUCKLAND)
    assert dates(view) == ("2026-11-24", "2026-11-30")
    view = flightdeck.change(view, {"flight_end": "2026-11-30"}, dispatch="flight_end", user=AUCKLAND)
    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "owner": AUCKLAND}, user=AUCKLAND)

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.owner_tz == "Pacific/Auckland"
    # Tuesday 00:00 in Auckland (UTC+13) through Monday 30 November.
    assert campaign.start_at == datetime(2026, 11, 23, 11, tzinfo=UTC)
    assert campaign.end_at == datetime(2026, 11, 30, 11, tzinfo=UTC)


def test_once_the_zone_is_known_the_modal_opens_on_the_right_day_and_stays(flightdeck):
    flightdeck.emulator.add_user(AUCKLAND, tz="Pacific/Auckland")
    flightdeck.open_intake(POST, user=AUCKLAND)
    flightdeck.emulator.wait_for_calls("views.update")
    flightdeck.emulator.reset_calls()

    assert flightdeck.slash("/intake", POST, user=AUCKLAND).status == 200

    [opened] = flightdeck.emulator.wait_for_calls("views.open")
    assert dates(opened.answer["view"]) == (TUESDAY.isoformat(), "2026-11-30")


def test_an_opener_in_the_default_zone_gets_no_second_call(flightdeck):
    flightdeck.emulator.reset_calls()

    opened = flightdeck.open_intake(POST)
    flightdeck.emulator.wait_for_calls("users.info")

    assert dates(opened) == ("2026-11-23", "2026-11-29")
    assert [call.method for call in flightdeck.emulator.calls] == ["views.open", "users.info"]
