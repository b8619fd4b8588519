"""Submitting the same modal twice records one campaign and posts one summary.

Slack waits 3 s for the submission's ack; when it gives up, the person sees an error and presses
the button again, on the same view. The second copy is acknowledged (closing the modal) and ignored.
"""

from concurrent.futures import ThreadPoolExecutor

from tests.support.harness import TEAMMATE
from tests.support.intake import PROMOTE_ANSWERS, promote_view


def summaries_recorded(flightdeck) -> bool:
    return bool(flightdeck.campaigns()) and all(c.message_ts for c in flightdeck.campaigns())


def test_resubmitting_a_recorded_modal_saves_nothing_more_and_posts_nothing_more(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)
    first = flightdeck.submit(view, PROMOTE_ANSWERS)
    flightdeck.emulator.wait_for(lambda: summaries_recorded(flightdeck))

    again = flightdeck.submit(view, PROMOTE_ANSWERS)

    assert (first.status, first.body) == (again.status, again.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.intake_view_id == view["id"]
    assert [e.action for e in flightdeck.events()] == ["campaign.recorded"]
    assert len(flightdeck.emulator.posts()) == 1


def test_a_copy_arriving_while_the_first_is_still_being_saved_records_nothing(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)
    # Whichever copy asks first for the owner's time zone waits for it: the other saves meanwhile.
    flightdeck.emulator.fail("users.info", delay=1.5, when=lambda args: args.get("user") == TEAMMATE)
    answers = {**PROMOTE_ANSWERS, "owner": TEAMMATE}

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda _: flightdeck.submit(view, answers), range(2)))

    assert [(r.status, r.body) for r in replies] == [(200, ""), (200, "")]
    flightdeck.emulator.wait_for(lambda: summaries_recorded(flightdeck))
    assert len(flightdeck.campaigns()) == 1
    assert len(flightdeck.emulator.posts()) == 1
