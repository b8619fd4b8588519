"""/intake and /flights with any argument, from any user id or channel id Slack could be made to send."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER, TEAMMATE

arguments = st.one_of(
    hostile_text,
    st.sampled_from(
        [
            "mine",
            "all",
            "help",
            "?",
            " MINE ",
            "export",
            "export mine",
            " Export  ALL ",
            "digest",
            "digest off",
            "DIGEST <#C0OPS|ops> friday 16:00",
            "https://www.tiktok.com/@maria.cooks/video/7301234567890123456",
        ]
    ),
    st.builds(
        lambda a, b: f"{a} <{b}>",
        st.sampled_from(["mine", "export", "https://www.tiktok.com/@a/video/12345678901"]),
        hostile_text,
    ),
)
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, "U0NEWCOMER"]), hostile_text)
channels = st.one_of(st.sampled_from([CHANNEL, "C0OTHER", "D0DIRECT", "G0PRIVATE"]), hostile_text)


@settings(max_examples=examples(800))
@given(
    command=st.sampled_from(["/intake", "/flights"]),
    text=arguments,
    user=users,
    channel=channels,
)
def test_a_slash_command_with_any_argument(driver, command, text, user, channel):
    before = driver.row_counts()
    fields = slack.slash_command(
        command, text, user_id=user, channel_id=channel, response_url=driver.flightdeck.emulator.response_url
    )

    outcome = driver.form(fields)

    assert_fine(outcome)
    assert driver.row_counts() == before
