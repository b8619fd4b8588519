"""What the modal says in plain words: check 4 in the currency picked, and what Spark needs of a code."""

from tests.support.intake import promote_view, spark_view
from tests.support.modal import texts


def caps_line(view) -> str:
    [line] = [line for line in texts(view).splitlines() if line.startswith("Budget and dates decide too")]
    return line


def test_the_promote_limits_are_shown_in_the_currency_picked(flightdeck):
    view = promote_view(flightdeck)
    assert caps_line(view) == (
        "Budget and dates decide too: over 1,000 USD a day, or longer than 30 days, needs Spark Ads."
    )

    view = flightdeck.change(view, {"currency": "SAR"}, dispatch="currency")

    assert caps_line(view) == (
        "Budget and dates decide too: over 3,750 SAR a day, or longer than 30 days, needs Spark Ads."
    )


def test_the_spark_section_says_only_the_expiry_date_is_needed(flightdeck):
    view = spark_view(flightdeck)

    assert "*Spark codes*: we only need each code's expiry date. Never paste the code itself." in texts(view)
