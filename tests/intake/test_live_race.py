"""Two quick answers race to update the modal: whatever order their updates land in, the newest answer shows.

Both answers are sent from the same view, so they carry the same hash and the second views.update
to reach Slack gets `hash_conflict`. When that one is the newer answer it is sent again without the
hash; when it is the older one it is dropped, quietly.
"""

import time

from tests.support import slack_requests as slack
from tests.support.harness import OWNER
from tests.support.intake import decision_text
from tests.support.modal import action_for, state_values


def answer(flightdeck, view, answers, *, dispatch, action_ts):
    """Pick `answers` in `view` and let `dispatch` fire, stamped `action_ts` as Slack stamps it."""
    values = state_values(view, answers)
    action = {**action_for(view, dispatch, values), "action_ts": action_ts}
    reply = flightdeck.sender.interaction(slack.view_block_actions(view, values, action, user_id=OWNER))
    assert reply.status == 200


def updates(flightdeck):
    return flightdeck.emulator.attempts_of("views.update")


def test_the_newer_answer_shows_when_its_update_loses_the_hash_race(flightdeck):
    view = flightdeck.open_intake()
    now = time.time()
    answer(flightdeck, view, {"ownership": "creator"}, dispatch="ownership", action_ts=f"{now:.6f}")
    flightdeck.emulator.wait_for_calls("views.update", 1)

    answer(flightdeck, view, {"ownership": "brand"}, dispatch="ownership", action_ts=f"{now + 0.2:.6f}")

    flightdeck.emulator.wait_for(lambda: decision_text(flightdeck.emulator.views[view["id"]]).startswith("*→ Spark"))
    assert [(c.args.get("hash") is not None, c.answer.get("error")) for c in updates(flightdeck)] == [
        (True, None),
        (True, "hash_conflict"),
        (False, None),
    ]


def test_an_older_answer_that_loses_the_hash_race_is_dropped_quietly(flightdeck):
    view = flightdeck.open_intake()
    now = time.time()
    answer(flightdeck, view, {"ownership": "brand"}, dispatch="ownership", action_ts=f"{now + 0.2:.6f}")
    [newer] = flightdeck.emulator.wait_for_calls("views.update", 1)

    answer(flightdeck, view, {"ownership": "creator"}, dispatch="ownership", action_ts=f"{now:.6f}")
    flightdeck.emulator.wait_for(lambda: [c for c in updates(flightdeck) if c.answer.get("error") == "hash_conflict"])
    final = flightdeck.change(newer.answer["view"], {"organic_traction": "proven"}, dispatch="organic_traction")

    assert decision_text(final).startswith("*→ Spark")
    assert all(c.args.get("hash") for c in updates(flightdeck))
    assert not {c.method for c in flightdeck.emulator.calls} & {"chat.postEphemeral", "chat.postMessage"}
