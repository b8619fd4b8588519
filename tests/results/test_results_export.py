"""The export carries each flight's results: parsed back with Python's csv module."""

from __future__ import annotations

from tests.support.export import exported, last_reply, parse
from tests.support.flights import handled, record_flight
from tests.support.results import after_the_flight, answers, form_from_menu


def test_the_csv_has_each_flights_figures_and_ratios(flightdeck_any):
    flightdeck = flightdeck_any
    promote = record_flight(flightdeck)
    spark = record_flight(flightdeck, spark=True, client="Sunly")
    untouched = record_flight(flightdeck, client="Later")
    after_the_flight(flightdeck, promote)
    view = form_from_menu(flightdeck, promote)
    promote_figures = answers(spent="380", views="12.4K", profile_visits="1240", new_followers="76")
    handled(flightdeck, promote, lambda: flightdeck.submit(view, promote_figures))
    after_the_flight(flightdeck, spark)
    view = form_from_menu(flightdeck, spark)
    spark_figures = answers(
        spent="640.50", impressions="210000", clicks="3100", follows="140", conversions="62", conversion_value="2480"
    )
    handled(flightdeck, spark, lambda: flightdeck.submit(view, spark_figures))

    flightdeck.slash("/flights", "export")
    assert "CSV of 3 flights" in last_reply(flightdeck, 1)
    rows = {row["flight_id"]: row for row in parse(exported(flightdeck)[0]["content"])}

    p, s, u = rows[str(promote.id)], rows[str(spark.id)], rows[str(untouched.id)]
    assert (p["status"], p["spent"], p["views"], p["profile_visits"], p["follows"]) == (
        "summarized",
        "380",
        "12400",
        "1240",
        "76",
    )
    assert (p["impressions"], p["clicks"], p["conversions"]) == ("", "", "")
    assert (p["cost_per_profile_visit"], p["visit_to_follow"], p["spend_vs_plan"]) == ("0.3065", "0.0613", "0.9500")
    assert (s["spent"], s["impressions"], s["clicks"], s["conversions"]) == ("640.5", "210000", "3100", "62")
    assert (s["cost_per_conversion"], s["return_on_spend"], s["click_through"]) == ("10.3306", "3.8720", "0.0148")
    assert all(u[column] == "" for column in ("spent", "views", "cost_per_follow", "spend_vs_plan"))
