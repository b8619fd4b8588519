"""The creator's handle comes from the post link when the link has one: nothing asked that can be derived.

A full link (`https://www.tiktok.com/@maria.cooks/video/…`) names the creator; a short vm./vt.
link doesn't. A handle that disagrees with the link is refused inline: it is nearly always a typo
or the wrong link, and the flight's reminders would show the wrong pair.
"""

import pytest

from bot.intake.links import handle_in_link
from tests.support.intake import POST, PROMOTE_ANSWERS, promote_view
from tests.support.modal import block

SHORT = "https://vm.tiktok.com/ZMabc1234/"
NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
WITHOUT_HANDLE = {k: v for k, v in PROMOTE_ANSWERS.items() if k != "creator_handle"}


@pytest.mark.parametrize(
    ("link", "handle"),
    [
        (POST, "@maria.cooks"),
        ("https://m.tiktok.com/@Leo_Bakes/photo/7301234567890123456?lang=en", "@Leo_Bakes"),
        (SHORT, None),
        ("https://www.tiktok.com/t/ZTRabc123/", None),
        ("not a link", None),
        ("https://www.instagram.com/@maria.cooks/video/7301234567890123456", None),
    ],
)
def test_the_handle_a_link_carries(link, handle):
    assert handle_in_link(link) == handle


def test_a_link_given_with_intake_prefills_the_handle(flightdeck):
    view = flightdeck.open_intake(POST)

    assert block(view, "creator_handle")["element"]["initial_value"] == "@maria.cooks"


def test_the_shortcut_prefills_the_handle_of_the_link_it_found(flightdeck):
    message = {"type": "message", "user": "U0X", "ts": "1795000000.000300", "text": f"boost <{POST}> please"}

    flightdeck.shortcut(message)

    [opened] = flightdeck.emulator.wait_for_calls("views.open")
    assert block(opened.answer["view"], "creator_handle")["element"]["initial_value"] == "@maria.cooks"


@pytest.mark.parametrize("text", ["", SHORT])
def test_without_a_handle_in_the_link_nothing_is_prefilled(flightdeck, text):
    view = flightdeck.open_intake(text)

    assert not block(view, "creator_handle")["element"].get("initial_value")


def test_a_handle_left_empty_is_taken_from_the_link_at_submit(flightdeck):
    view = promote_view(flightdeck, post="")

    reply = flightdeck.submit(view, {**WITHOUT_HANDLE, "post_url": POST + "?is_from_webapp=1"})

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.creator_handle == "@maria.cooks"


def test_a_handle_left_empty_with_a_short_link_is_asked_for(flightdeck):
    view = promote_view(flightdeck, post="")

    answer = flightdeck.submit(view, {**WITHOUT_HANDLE, "post_url": SHORT}).json()

    assert answer["errors"] == {"creator_handle": "Enter the creator's TikTok handle, like @maria.cooks."}


def test_a_handle_that_disagrees_with_the_link_is_refused_inline(flightdeck):
    view = promote_view(flightdeck)

    answer = flightdeck.submit(view, {**PROMOTE_ANSWERS, "creator_handle": "@maria"}).json()

    assert answer == {
        "response_action": "errors",
        "errors": {
            "creator_handle": "The post link is @maria.cooks's post, not @maria's. "
            "Fix the handle or the link (leave the handle empty to take the link's)."
        },
    }
    assert flightdeck.row_counts() == NOTHING


def test_the_handle_matches_the_link_whatever_its_case_or_at(flightdeck):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "creator_handle": "Maria.Cooks"})

    assert (reply.status, reply.body) == (200, "")
    assert flightdeck.campaigns()[0].creator_handle == "@Maria.Cooks"
