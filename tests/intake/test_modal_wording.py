"""What the modal says in plain words: check 4 in the currency picked, and what Spark needs of a code."""

from tests.support.intake import promote_view, spark_view
from tests.support.modal import block, block_ids, texts


def caps_line(view) -> str:
    [line] = [line for line in texts(view).splitlines() if line.startswith("Budget and dates decide too")]
    return line


def test_the_promote_limits_are_shown_in_the_currency_picked(flightdeck):
    view = promote_view(flightdeck)
    assert caps_line(view) == (
        "Budget and dates decide too: over $1,000 a day, or longer than 30 days, needs Spark Ads."
    )

    view = flightdeck.change(view, {"currency": "SAR"}, dispatch="currency")

    assert caps_line(view) == (
        "Budget and dates decide too: over SAR\u00a03,750 a day, or longer than 30 days, needs Spark Ads."
    )


def test_the_spark_section_says_only_the_expiry_date_is_needed(flightdeck):
    view = spark_view(flightdeck)

    assert (
        "*Spark codes*: one per post and ad account. We only need each code's expiry date. Never paste the code itself."
    ) in texts(view)


def test_the_partnership_check_and_its_disclosure_are_questions_about_this_campaign(flightdeck):
    view = spark_view(flightdeck)
    [partnership] = [o for o in block(view, "checks")["element"]["options"] if o["value"] == "paid_partnership"]
    assert partnership["text"]["text"] == "A brand pays the creator for this post (branded content)"

    view = flightdeck.change(view, {"checks": ["paid_partnership"]}, dispatch="checks")

    disclosure = block(view, "disclosure")
    assert disclosure["label"]["text"] == "Will the ad have the branded-content toggle on?"
    assert [o["text"]["text"] for o in disclosure["element"]["options"]] == ["Yes, we'll turn it on in Ads Manager"]
    assert texts(block(view, "warnings")) == (
        ":warning: A brand pays the creator for this post: will the ad have the branded-content toggle on? "
        "TikTok requires it. Plan to turn it on in Ads Manager, then answer “Yes” above."
    )

    view = flightdeck.change(view, {"disclosure": ["on"]}, dispatch="disclosure")
    assert "warnings" not in block_ids(view)
