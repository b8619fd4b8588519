"""`/flights export` and the App Home's button: a CSV in the person's DM that spreadsheets open cleanly.

Parsed back with Python's csv module, as a spreadsheet would read it: UTF-8 with a BOM, one row per
flight, the stable columns, ISO dates, code expiries but never a code, formula-looking cells made text.
"""

from __future__ import annotations

from bot.slack.ids import EXPORT_MY_FLIGHTS
from tests.support import slack_requests as slack
from tests.support.export import exported, last_reply, parse
from tests.support.flights import AD_ACCOUNT, record_flight
from tests.support.harness import CHANNEL, OWNER, TEAMMATE

OTHER_CHANNEL = "C0OTHERCLIENT"
OWNER_DM = "D" + OWNER[1:]


def test_the_channels_flights_arrive_in_a_dm_as_a_csv_spreadsheets_open(flightdeck_any):
    flightdeck = flightdeck_any
    spark = record_flight(flightdeck, spark=True, client='=HYPERLINK("https://evil.example","GlowCo")')
    promote = record_flight(flightdeck, client="GlowCo")
    record_flight(flightdeck, client="Elsewhere", channel=OTHER_CHANNEL)

    flightdeck.slash("/flights", "export")

    assert last_reply(flightdeck, 1) == f"I've sent you the CSV of 2 flights in <#{CHANNEL}> in a DM."
    [sent] = exported(flightdeck)
    assert sent["channel"] == OWNER_DM
    assert "2 flights" in sent["initial_comment"]
    rows = parse(sent["content"])
    assert [row["flight_id"] for row in rows] == [str(spark.id), str(promote.id)]
    spark_row, promote_row = rows
    # A spreadsheet would run this as a formula: it stays text.
    assert spark_row["client"] == '\'=HYPERLINK("https://evil.example","GlowCo")'
    assert spark_row["tool"] == "spark" and promote_row["tool"] == "promote"
    assert spark_row["flight_start"] == "2026-11-23" and spark_row["flight_end"] == "2026-12-06"
    assert spark_row["code_expiries"] == f"{AD_ACCOUNT}: 2026-11-30"
    assert promote_row["code_expiries"] == ""
    assert spark_row["owner"] == OWNER and spark_row["budget_currency"] == "USD"
    assert promote_row["planned_total"] and promote_row["spent"] == ""
    upload = flightdeck.emulator.calls_to("files.getUploadURLExternal")[-1]
    assert upload.args["filename"].startswith("flightdeck-channel-2026-11-23") and upload.args["filename"].endswith(
        ".csv"
    )


def test_mine_and_all_cover_the_person_and_the_workspace(flightdeck):
    record_flight(flightdeck)
    record_flight(flightdeck, channel=OTHER_CHANNEL)
    record_flight(flightdeck, channel=OTHER_CHANNEL, user=TEAMMATE)

    flightdeck.slash("/flights", "export mine", channel=OTHER_CHANNEL)
    assert "CSV of 2 flights you own or recorded" in last_reply(flightdeck, 1)
    flightdeck.slash("/flights", "EXPORT  all")
    assert "CSV of 3 flights in the workspace" in last_reply(flightdeck, 2)
    mine, everyone = exported(flightdeck, 2)
    assert len(parse(mine["content"])) == 2 and len(parse(everyone["content"])) == 3


def test_nothing_to_export_sends_no_file(flightdeck):
    flightdeck.slash("/flights", "export mine", user=TEAMMATE)
    assert last_reply(flightdeck, 1) == "There are no flights you own or recorded to export yet."
    flightdeck.slash("/flights", "export")
    assert last_reply(flightdeck, 2) == f"There are no flights in <#{CHANNEL}> to export yet."
    assert flightdeck.emulator.files == {}


def test_a_clients_person_in_a_shared_channel_cannot_export_the_agencys_workspace(flightdeck):
    record_flight(flightdeck)
    record_flight(flightdeck, channel=OTHER_CHANNEL, client="Another client")
    flightdeck.sender.reshape = slack.slack_connect("T0GLOWCO")

    flightdeck.slash("/flights", "export all", user="U0CLIENT")

    assert "Only the agency's own people can export every flight" in last_reply(flightdeck, 1)
    assert flightdeck.emulator.files == {}
    # The shared channel's own flights are theirs to see already.
    flightdeck.slash("/flights", "export", user="U0CLIENT")
    assert "CSV of 1 flight in" in last_reply(flightdeck, 2)
    [sent] = exported(flightdeck)
    assert [row["client"] for row in parse(sent["content"])] == ["GlowCo"]


def test_unknown_export_words_are_named(flightdeck):
    flightdeck.slash("/flights", "export <!channel> everything")
    text = last_reply(flightdeck, 1)
    assert text.startswith("I don't know “/flights export &lt;!channel&gt; everything”")
    assert flightdeck.emulator.files == {}


def test_without_files_write_the_person_is_told_how_to_fix_it(flightdeck):
    record_flight(flightdeck)
    flightdeck.emulator.scopes = "commands,chat:write,chat:write.public,channels:read,groups:read,im:write,users:read"

    flightdeck.slash("/flights", "export")

    assert "the app needs the files:write permission. Reinstall it from manifest.yml" in last_reply(flightdeck, 1)


def test_the_app_home_button_sends_the_persons_flights(flightdeck):
    record_flight(flightdeck)
    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": OWNER_DM, "tab": "home"})
    [published] = flightdeck.emulator.wait_for_calls("views.publish")
    home = flightdeck.emulator.views[published.answer["view"]["id"]]
    [button] = [
        element
        for block in home["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == EXPORT_MY_FLIGHTS
    ]
    assert button["text"]["text"] == "Export my flights (CSV)"

    action = slack.button_action(button, "home_tools")
    assert flightdeck.sender.interaction(slack.view_block_actions(home, {}, action, user_id=OWNER)).status == 200

    [sent] = exported(flightdeck)
    assert sent["channel"] == OWNER_DM and len(parse(sent["content"])) == 1
    assert all(
        post.args.get("channel") != CHANNEL or "CSV" not in str(post.args) for post in flightdeck.emulator.posts()
    )


def test_the_app_home_button_says_what_went_wrong_in_a_dm(flightdeck):
    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": OWNER_DM, "tab": "home"})
    [published] = flightdeck.emulator.wait_for_calls("views.publish")
    home = flightdeck.emulator.views[published.answer["view"]["id"]]
    button = {"action_id": EXPORT_MY_FLIGHTS, "text": {"type": "plain_text", "text": "Export"}, "value": "mine"}

    flightdeck.sender.interaction(
        slack.view_block_actions(home, {}, slack.button_action(button, "home_tools"), user_id=OWNER)
    )

    [told] = flightdeck.emulator.wait_for(lambda: flightdeck.emulator.calls_to("chat.postMessage"))
    assert told.args["channel"] == OWNER and "no flights you own or recorded" in told.args["text"]
