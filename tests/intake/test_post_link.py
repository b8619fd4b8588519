"""A post link is stored only in its canonical form: https, the host name and the path.

Links are shown inside `<url|post>` mrkdwn, so nothing a person types around the host name or in
the path may reach a message: a user or password (`https://a><!channel><@www.tiktok.com/…`), a port,
or `|`, `<`, `>` and spaces.
"""

import pytest

from bot.intake.links import tiktok_post_url
from tests.support.intake import PROMOTE_ANSWERS, promote_view

VIDEO = "/@maria.cooks/video/7301234567890123456"
INJECTION = "https://a><!channel><@www.tiktok.com/@maria/video/7301234567890123456"


@pytest.mark.parametrize(
    "link",
    [
        pytest.param(INJECTION, id="mrkdwn-in-the-user"),
        pytest.param(f"https://maria:secret@www.tiktok.com{VIDEO}", id="user-and-password"),
        pytest.param(f"https://@www.tiktok.com{VIDEO}", id="empty-user"),
        pytest.param(f"https://www.tiktok.com:8443{VIDEO}", id="port"),
        pytest.param(f"https://www.tiktok.com:{VIDEO}", id="empty-port"),
        pytest.param(f"https://a|b.tiktok.com{VIDEO}", id="pipe-in-the-host"),
        pytest.param(f"https://a>b.tiktok.com{VIDEO}", id="angle-in-the-host"),
        pytest.param(f"https://www.tiktok.com.{VIDEO}", id="trailing-dot-host"),
        pytest.param("https://www.tiktok.com/@maria|x/video/7301234567890123456", id="pipe-in-the-path"),
        pytest.param("https://www.tiktok.com/@maria>x/video/7301234567890123456", id="angle-in-the-path"),
        pytest.param("https://www.tiktok.com/@maria x/video/7301234567890123456", id="space-in-the-path"),
        pytest.param("https://vm.tiktok.com/ZMabc|1234/", id="pipe-in-a-short-link"),
        pytest.param(f"https://www.tiktok.com{VIDEO}%7C", id="escaped-pipe"),
    ],
)
def test_a_link_with_anything_but_host_and_path_is_refused(link):
    assert tiktok_post_url(link) is None


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        (f"https://www.tiktok.com{VIDEO}", f"https://www.tiktok.com{VIDEO}"),
        (f"http://WWW.TikTok.COM{VIDEO}", f"https://www.tiktok.com{VIDEO}"),
        (f"https://www.tiktok.com{VIDEO}?is_from_webapp=1&sender_device=pc", f"https://www.tiktok.com{VIDEO}"),
        (f"https://www.tiktok.com{VIDEO}/#comments", f"https://www.tiktok.com{VIDEO}/"),
        (f"  https://m.tiktok.com{VIDEO}  ", f"https://m.tiktok.com{VIDEO}"),
        ("https://VM.tiktok.com/ZMabc1234/", "https://vm.tiktok.com/ZMabc1234/"),
    ],
)
def test_a_good_link_is_kept_as_https_host_and_path(link, canonical):
    assert tiktok_post_url(link) == canonical


def test_a_link_smuggling_mrkdwn_is_refused_inline_and_nothing_is_saved(flightdeck):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "post_url": INJECTION})

    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["post_url"]
    assert "isn't a TikTok post link" in answer["errors"]["post_url"]
    assert flightdeck.row_counts() == {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
    assert flightdeck.emulator.posts() == []


def test_the_recorded_link_is_the_canonical_one(flightdeck):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "post_url": f"HTTP://WWW.TikTok.com{VIDEO}?lang=en#top"})

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.post_url == f"https://www.tiktok.com{VIDEO}"
