"""The opening modal served from the day's template is exactly the one rendered from scratch."""

from datetime import date, timedelta

import pytest

from bot.core.policy import IntakePolicy
from bot.intake.opening import MAX_PREFILL, OpeningViews, render_opening
from tests.support.intake import POST


@pytest.mark.parametrize("post_url", ["", POST, "not a link at all"])
def test_a_filled_in_template_equals_a_fresh_render(post_url):
    policy = IntakePolicy()
    views = OpeningViews(policy)
    today = date(2026, 11, 23)
    for user, channel in (("U0OWNER", "C0GLOWCO"), ("U0TEAMMATE", "C0SUNNY")):
        served = views.view(today=today, user_id=user, channel_id=channel, post_url=post_url)
        fresh = render_opening(policy, today=today, user_id=user, post_url=post_url, channel_id=channel)
        assert served == fresh


def test_each_day_gets_its_own_default_dates():
    views = OpeningViews(IntakePolicy())
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    for day in (monday, tuesday, monday + timedelta(days=7)):
        view = views.view(today=day, user_id="U0OWNER", channel_id="C0GLOWCO", post_url="")
        start = next(b for b in view["blocks"] if b.get("block_id") == "flight_start")
        assert start["element"]["initial_date"] == day.isoformat()


def test_an_overlong_prefill_is_cut():
    view = OpeningViews(IntakePolicy()).view(
        today=date(2026, 11, 23), user_id="U0OWNER", channel_id="C0GLOWCO", post_url="x" * 5000
    )
    post = next(b for b in view["blocks"] if b.get("block_id") == "post_url")
    assert len(post["element"]["initial_value"]) == MAX_PREFILL
