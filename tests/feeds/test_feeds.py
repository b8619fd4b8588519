"""The calendar feed people subscribe to: the link in the App Home and from `/flights calendar`, fetched
over real HTTP from the running app and parsed back with the icalendar library, on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.calendar.serve import calendar_application
from bot.core.policy import ReminderSchedule
from storage.db import Database
from tests.support import slack_requests as slack
from tests.support.feeds import (
    PUBLIC_URL,
    channel_reply,
    events_by_uid,
    feeds_app,
    fetch,
    home_calendar_text,
    link_in,
    open_home,
    press_new_link,
)
from tests.support.flights import (
    AD_ACCOUNT,
    SPARK_LAST_DAY,
    authorizations,
    choose,
    handled,
    modal_after,
    record_flight,
)
from tests.support.harness import CHANNEL, TEAMMATE
from tests.support.slack_emulator import TEAM_ID

DOMAIN = f"{TEAM_ID.lower()}.flightdeck"
OTHER_CHANNEL = "C0OTHERCLIENT"


def uid(record: str, record_id: int, kind: str) -> str:
    return f"{record}-{record_id}-{kind}@{DOMAIN}"


def test_the_app_home_gives_a_feed_of_the_persons_flights_that_calendars_read(feeds):
    spark = record_flight(feeds, spark=True)
    promote = record_flight(feeds, channel=OTHER_CHANNEL)
    record_flight(feeds, user=TEAMMATE, client="Not mine")
    [code] = authorizations(feeds, spark)

    text = home_calendar_text(open_home(feeds))
    link = link_in(text)
    assert "From URL" in text and "Subscribe from web" in text and "New Calendar Subscription" in text
    fetched = fetch(feeds, link)

    assert fetched.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert fetched.headers["Cache-Control"] == "private, max-age=300"
    calendar = fetched.calendar()
    assert str(calendar["x-wr-calname"]) == "Flightdeck: my flights"
    events = events_by_uid(calendar)
    assert set(events) == {
        uid("flight", spark.id, "start"),
        uid("flight", spark.id, "last-day"),
        uid("flight", spark.id, "summary"),
        uid("code", code.id, "expiry"),
        uid("flight", promote.id, "start"),
        uid("flight", promote.id, "last-day"),
        uid("flight", promote.id, "summary"),
    }
    assert events[uid("flight", spark.id, "start")]["dtstart"].dt == date(2026, 11, 23)
    assert events[uid("flight", spark.id, "last-day")]["dtstart"].dt == SPARK_LAST_DAY
    assert str(events[uid("flight", spark.id, "start")]["summary"]) == "Flight starts: GlowCo: @maria.cooks (Spark Ads)"
    # The summary pull: 24 h to 48 h after the midnight that ends the last day in New York.
    end = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
    summary = events[uid("flight", spark.id, "summary")]
    assert (summary["dtstart"].dt, summary["dtend"].dt) == (end + timedelta(hours=24), end + timedelta(hours=48))
    expiry = events[uid("code", code.id, "expiry")]
    assert expiry["dtstart"].dt == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)  # midnight in New York
    assert AD_ACCOUNT in str(expiry["summary"])
    alarms = sorted(alarm["trigger"].dt for alarm in expiry.walk("VALARM"))
    assert alarms == [-timedelta(hours=72), -timedelta(hours=24)]
    # The thread is one click away from every event.
    assert str(summary["url"]).startswith(f"https://acme-agency.slack.com/archives/{CHANNEL}/p")
    # The same link every time the Home opens.
    assert link_in(home_calendar_text(open_home(feeds))) == link


def test_an_edited_date_moves_the_event_and_a_cancelled_flight_drops_out(feeds):
    spark = record_flight(feeds, spark=True)
    promote = record_flight(feeds)
    link = link_in(home_calendar_text(open_home(feeds)))
    before = events_by_uid(fetch(feeds, link).calendar())
    feeds.clock.advance(minutes=5)

    modal = modal_after(feeds, lambda: choose(feeds, spark, "extend"))
    new_last_day = SPARK_LAST_DAY + timedelta(days=7)
    handled(feeds, spark, lambda: feeds.submit(modal, {"extend_last_day": new_last_day.isoformat()}))
    modal = modal_after(feeds, lambda: choose(feeds, promote, "cancel"))
    handled(feeds, promote, lambda: feeds.submit(modal))

    after = events_by_uid(fetch(feeds, link).calendar())
    assert set(after) == {key for key in before if f"-{promote.id}-" not in key}
    last_day = uid("flight", spark.id, "last-day")
    assert after[last_day]["dtstart"].dt == new_last_day
    assert after[last_day]["sequence"] > before[last_day]["sequence"]
    assert (
        after[uid("flight", spark.id, "start")]["dtstart"].dt == before[uid("flight", spark.id, "start")]["dtstart"].dt
    )


def test_new_link_revokes_the_old_one(feeds):
    record_flight(feeds)
    home = open_home(feeds)
    old = link_in(home_calendar_text(home))

    home = press_new_link(feeds, home)

    new = link_in(home_calendar_text(home))
    assert new != old
    assert "The old link no longer works" in home_calendar_text(home)
    gone = fetch(feeds, old)
    assert (gone.status, gone.body) == (404, b"not found\n")
    assert fetch(feeds, new).status == 200
    assert link_in(home_calendar_text(open_home(feeds))) == new


def test_unknown_links_and_other_paths_answer_a_bare_404(feeds):
    record_flight(feeds)
    link = link_in(home_calendar_text(open_home(feeds)))
    token = link.removeprefix(f"{PUBLIC_URL}/calendar/").removesuffix(".ics")
    forged = token[:16] + ("A" if token[16] != "A" else "B") + token[17:]
    other_lookup = ("A" if token[0] != "A" else "B") + token[1:]
    for path in (
        f"/calendar/{forged}.ics",
        f"/calendar/{other_lookup}.ics",
        f"/calendar/{token}",
        f"/calendar/{token}.ics/",
        f"/calendar/{token[:-1]}.ics",
        "/calendar/",
        "/calendar/../healthz",
        "/calendar",
    ):
        answer = fetch(feeds, path)
        assert answer.status == 404, path
        assert answer.body.strip().lower() == b"not found", path
    assert fetch(feeds, link, method="POST").status == 405


def test_head_answers_like_get_without_the_body(feeds):
    record_flight(feeds)
    link = link_in(home_calendar_text(open_home(feeds)))

    head = fetch(feeds, link, method="HEAD")

    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert int(head.headers["Content-Length"]) == len(fetch(feeds, link).body)
    assert fetch(feeds, link.removesuffix(".ics") + "x.ics", method="HEAD").status == 404


def test_an_unchanged_feed_asked_with_its_etag_is_not_sent_again(feeds):
    campaign = record_flight(feeds)
    link = link_in(home_calendar_text(open_home(feeds)))
    first = fetch(feeds, link)
    etag = first.headers["ETag"]

    assert fetch(feeds, link).body == first.body
    again = fetch(feeds, link, headers={"If-None-Match": etag})
    assert (again.status, again.body) == (304, b"")
    assert again.headers["Cache-Control"] == "private, max-age=300"

    feeds.clock.advance(minutes=5)
    modal = modal_after(feeds, lambda: choose(feeds, campaign, "extend"))
    handled(feeds, campaign, lambda: feeds.submit(modal, {"extend_last_day": "2026-12-04"}))
    changed = fetch(feeds, link, headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag


def test_flights_calendar_gives_the_channels_feed_and_new_replaces_it(feeds):
    here = record_flight(feeds, spark=True)
    elsewhere = record_flight(feeds, channel=OTHER_CHANNEL)

    answer = channel_reply(feeds)
    link = link_in(answer)
    assert f"the flights in <#{CHANNEL}>" in answer and "Subscribe from web" in answer
    assert link_in(channel_reply(feeds, " Calendar ", user=TEAMMATE)) == link
    events = events_by_uid(fetch(feeds, link).calendar())
    assert uid("flight", here.id, "start") in events
    assert uid("flight", elsewhere.id, "start") not in events
    assert str(fetch(feeds, link).calendar()["x-wr-calname"]) == "Flightdeck: #client-glowco"

    replaced = channel_reply(feeds, "calendar new")
    assert "The old link no longer works" in replaced
    assert link_in(replaced) != link
    assert fetch(feeds, link).status == 404
    assert fetch(feeds, link_in(replaced)).status == 200
    # The person's own feed and the channel's are different links.
    assert link_in(home_calendar_text(open_home(feeds))) not in (link, link_in(replaced))


def test_without_public_url_there_is_no_link_but_a_word_on_what_is_missing(flightdeck_any):
    record_flight(flightdeck_any)
    text = home_calendar_text(open_home(flightdeck_any))
    assert "PUBLIC_URL" in text and "/calendar/" not in text
    assert "PUBLIC_URL" in channel_reply(flightdeck_any)
    home = open_home(flightdeck_any)
    assert not [e for b in home["blocks"] for e in b.get("elements", []) if e.get("action_id", "").endswith("link")]


def test_the_token_is_never_logged(feeds, caplog):
    record_flight(feeds)
    caplog.set_level("DEBUG")
    link = link_in(home_calendar_text(open_home(feeds)))
    token = link.removeprefix(f"{PUBLIC_URL}/calendar/").removesuffix(".ics")
    fetch(feeds, link)
    press_new_link(feeds, open_home(feeds))
    fetch(feeds, link)
    assert token[:8] not in caplog.text


def test_a_clients_person_in_a_shared_channel_gets_the_link_but_cannot_replace_it(feeds):
    record_flight(feeds)
    link = link_in(channel_reply(feeds))
    feeds.sender.reshape = slack.slack_connect("T0GLOWCO")

    assert link_in(channel_reply(feeds, user="U0CLIENT")) == link
    assert "Only members of this workspace" in channel_reply(feeds, "calendar new", user="U0CLIENT")
    assert fetch(feeds, link).status == 200


def test_a_database_that_doesnt_answer_is_a_503_to_try_again(feeds):
    link = link_in(home_calendar_text(open_home(feeds)))
    token = link.removeprefix(f"{PUBLIC_URL}/calendar/").removesuffix(".ics")
    broken = replace(feeds.deps, database=Database("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    application = calendar_application(broken, TEAM_ID)
    answered = {}

    body = application(
        {"REQUEST_METHOD": "GET", "PATH_INFO": f"/calendar/{token}.ics"},
        lambda status, headers: answered.update(status=status, headers=dict(headers)),
    )

    assert answered["status"] == "503 Service Unavailable" and answered["headers"]["Retry-After"] == "60"
    assert b"".join(body) == b"try again later\n"


def test_the_expiry_event_says_when_to_act_by_the_configured_offsets(emulator, clock, sqlite_database_url):
    # REMIND_RENEW_BEFORE_EXPIRY=96h, REMIND_SWAP_BEFORE_EXPIRY=36h
    schedule = ReminderSchedule(renew_before_expiry=timedelta(hours=96), swap_before_expiry=timedelta(hours=36))
    app = feeds_app(emulator, clock, sqlite_database_url, schedule=schedule)
    try:
        spark = record_flight(app, spark=True)
        [code] = authorizations(app, spark)
        expiry = events_by_uid(fetch(app, link_in(home_calendar_text(open_home(app)))).calendar())[
            uid("code", code.id, "expiry")
        ]
        assert sorted(alarm["trigger"].dt for alarm in expiry.walk("VALARM")) == [
            -timedelta(hours=96),
            -timedelta(hours=36),
        ]
        description = str(expiry["description"])
        assert "Ask the creator for a new code 96 h before, swap it in Ads Manager 36 h before." in description
        assert "72 h" not in description and "24 h" not in description
        # The reminders follow the same offsets.
        renew = next(r for r in app.reminders() if r.campaign_id == spark.id and r.kind == "code.renew")
        assert renew.due_at == code.expires_at - timedelta(hours=96)
    finally:
        app.close()
