"""Opening the intake: /intake and the "Start intake" shortcut open the modal, with the post prefilled."""

from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import POST
from tests.support.modal import block, input_blocks

OTHER_POST = "https://www.tiktok.com/@glowco/video/7309876543210987654"


def test_intake_command_opens_the_modal_with_its_trigger_id(flightdeck):
    command = slack.slash_command("/intake", user_id=OWNER, channel_id=CHANNEL)

    reply = flightdeck.sender.form(command)

    assert reply.status == 200 and reply.body == ""
    [opened] = flightdeck.emulator.wait_for_calls("views.open")
    assert opened.args["trigger_id"] == command["trigger_id"]
    assert opened.answer["view"]["callback_id"] == "intake"


def test_views_open_is_the_first_call_and_nothing_is_saved_by_opening(flightdeck):
    flightdeck.emulator.reset_calls()

    flightdeck.open_intake()
    flightdeck.emulator.wait_for_calls("users.info")

    # The trigger_id expires in 3 s: views.open comes first; the owner's time zone is looked up after.
    assert [call.method for call in flightdeck.emulator.calls] == ["views.open", "users.info"]
    assert flightdeck.row_counts() == {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


def test_the_first_question_is_who_owns_the_conversion_data(flightdeck):
    view = flightdeck.open_intake()

    first = next(b for b in view["blocks"] if b["type"] == "input")
    assert first["label"]["text"] == "Who owns the conversion data at the end of the flight?"
    assert [o["text"]["text"] for o in first["element"]["options"]] == [
        "Creator",
        "Brand",
        "Agency",
        "Shared dashboard",
    ]
    assert first["dispatch_action"] is True


def test_the_modal_title_and_buttons_fit_slacks_24_characters(flightdeck):
    view = flightdeck.open_intake()
    spark = flightdeck.change(view, {"ownership": "brand"}, dispatch="ownership")

    for shown in (view, spark):
        for part in ("title", "submit", "close"):
            assert 0 < len(shown[part]["text"]) <= 24, (part, shown[part]["text"])


def test_intake_with_a_link_prefills_the_post(flightdeck):
    view = flightdeck.open_intake(POST)

    assert block(view, "post_url")["element"]["initial_value"] == POST


def test_intake_without_a_link_leaves_the_post_empty(flightdeck):
    view = flightdeck.open_intake()

    assert not block(view, "post_url")["element"].get("initial_value")


def test_the_shortcut_prefills_the_first_tiktok_link_of_the_message(flightdeck):
    message = {
        "type": "message",
        "user": "U0CREATORMGR",
        "ts": "1795000000.000100",
        "text": (
            f"Brief is <https://docs.example.com/brief|here>; boost <{POST}|Maria's video> first, then <{OTHER_POST}>."
        ),
    }

    reply = flightdeck.shortcut(message)

    assert reply.status == 200
    [opened] = flightdeck.emulator.wait_for_calls("views.open")
    view = opened.answer["view"]
    assert block(view, "post_url")["element"]["initial_value"] == POST
    assert input_blocks(view)["ownership"]["label"]["text"].startswith("Who owns the conversion data")


def test_the_shortcut_on_a_message_without_a_tiktok_link_opens_an_empty_modal(flightdeck):
    message = {"type": "message", "user": "U0X", "ts": "1795000000.000200", "text": "See <https://example.com/a>"}

    flightdeck.shortcut(message)

    [opened] = flightdeck.emulator.wait_for_calls("views.open")
    assert not block(opened.answer["view"], "post_url")["element"].get("initial_value")
