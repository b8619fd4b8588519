"""The flights CSV: columns a sheet can rely on, read back cleanly, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.export import (
    BOM,
    COLUMNS,
    CodeExpiry,
    ExportRow,
    export_filename,
    flights_csv,
    iter_flights_csv,
    neutralise,
)
from bot.core.results import PromoteResult, SparkResult

D = Decimal


def flight(**changes) -> ExportRow:
    values = dict(
        flight_id="F-17",
        client="Maison Lumière",
        creator_handle="@nour.eats",
        post_url="https://www.tiktok.com/@nour.eats/video/7312345678901234567",
        tool="spark",
        objective="Traffic",
        owner="Dana Kim",
        status="summarized",
        flight_start=date(2026, 11, 23),
        flight_end=date(2026, 11, 29),
        budget_amount=D("50"),
        budget_currency="USD",
        budget_type="daily",
        market="MENA",
        account_type="business",
        decision_reasons=("the brand owns the data", "checkout tracking is needed"),
        warnings=("code expires mid-flight",),
        code_expiries=(CodeExpiry("7012345678", date(2026, 11, 27)), CodeExpiry("7098765432", date(2026, 12, 20))),
        escalated_from="F-12",
        result=SparkResult(
            D("400"),
            impressions=100_000,
            video_views=40_000,
            clicks=800,
            profile_visits=500,
            follows=50,
            conversions=20,
            conversion_value=D("1280.50"),
        ),
    )
    values.update(changes)
    return ExportRow(**values)


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_spark_flight_reads_back() -> None:
    data = flights_csv([flight()])
    [row] = read(data)
    assert tuple(row) == COLUMNS
    assert row["client"] == "Maison Lumière"
    assert row["flight_start"] == "2026-11-23"
    assert row["flight_end"] == "2026-11-29"
    assert row["planned_total"] == "350"
    assert row["decision_reasons"] == "the brand owns the data; checkout tracking is needed"
    assert row["code_expiries"] == "7012345678: 2026-11-27; 7098765432: 2026-12-20"
    assert row["spent"] == "400"
    assert row["views"] == "40000"
    assert row["clicks"] == "800"
    assert row["conversion_value"] == "1280.50"
    assert row["cost_per_click"] == "0.5000"
    assert row["click_through"] == "0.0080"
    assert row["cost_per_conversion"] == "20.0000"
    assert row["return_on_spend"] == "3.2013"
    assert row["spend_vs_plan"] == "1.1429"
    assert row["escalated_from"] == "F-12"


def test_a_promote_flight_without_results_leaves_the_figures_empty() -> None:
    [row] = read(
        flights_csv(
            [flight(tool="promote", budget_type="lifetime", code_expiries=(), escalated_from=None, result=None)]
        )
    )
    assert row["planned_total"] == "50"
    assert row["code_expiries"] == row["escalated_from"] == ""
    assert all(row[name] == "" for name in COLUMNS[COLUMNS.index("spent") :])


def test_promote_figures_land_in_the_shared_columns() -> None:
    result = PromoteResult(D("20"), views=10_000, profile_visits=400, new_followers=24, website_clicks=60)
    [row] = read(flights_csv([flight(tool="promote", result=result)]))
    assert (row["views"], row["profile_visits"], row["follows"], row["clicks"]) == ("10000", "400", "24", "60")
    assert row["impressions"] == row["conversions"] == row["conversion_value"] == ""
    assert row["visit_to_follow"] == "0.0600"
    assert row["cost_per_1000_views"] == "2.0000"


def test_no_column_can_carry_a_code() -> None:
    assert not any("code" in name and name != "code_expiries" for name in COLUMNS)


def test_an_empty_export_is_the_header_alone() -> None:
    data = flights_csv([])
    assert data == BOM + (",".join(COLUMNS) + "\r\n").encode()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("@nour.eats", "'@nour.eats"),
        ("nour=eats", "nour=eats"),
        ("", ""),
        ("Maison", "Maison"),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_a_hostile_client_name_is_quoted_in_the_file() -> None:
    [row] = read(flights_csv([flight(client='=cmd|" /C calc"!A0', owner="+Dana")]))
    assert row["client"] == '\'=cmd|" /C calc"!A0'
    assert row["owner"] == "'+Dana"


# Written out here, not imported, so the test holds the module to the list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
text = st.text(max_size=40)
hostile = st.one_of(text, st.tuples(st.sampled_from(FORMULA_STARTS), text).map("".join))


@given(
    st.lists(
        st.builds(
            flight,
            client=hostile,
            creator_handle=hostile,
            post_url=hostile,
            owner=hostile,
            objective=hostile,
            flight_id=hostile,
            decision_reasons=st.lists(hostile, max_size=3).map(tuple),
            warnings=st.lists(hostile, max_size=3).map(tuple),
            code_expiries=st.lists(st.builds(CodeExpiry, hostile, st.dates()), max_size=2).map(tuple),
        ),
        max_size=5,
    )
)
def test_hostile_input_reads_back_with_no_formula_cell(rows: list[ExportRow]) -> None:
    parsed = read(flights_csv(rows))
    assert len(parsed) == len(rows)
    for original, row in zip(rows, parsed, strict=True):
        assert list(row) == list(COLUMNS)
        assert not any(value.startswith(FORMULA_STARTS) for value in row.values())
        # Nothing but the quote is added, and a quote only where it was needed.
        client = row["client"]
        expected = original.client.encode("utf-8", "replace").decode("utf-8")
        assert client == (f"'{expected}" if expected.startswith(FORMULA_STARTS) else expected)


def test_chunks_join_to_the_whole_file() -> None:
    rows = [flight(flight_id=f"F-{i}") for i in range(7)]
    chunks = list(iter_flights_csv(rows, rows_per_chunk=3))
    assert len(chunks) == 3
    assert chunks[0].startswith(BOM) and not any(chunk.startswith(BOM) for chunk in chunks[1:])
    assert b"".join(chunks) == flights_csv(rows)
    assert [row["flight_id"] for row in read(b"".join(chunks))] == [f"F-{i}" for i in range(7)]


def _streamed(count: int) -> tuple[int, int]:
    """(bytes produced, peak bytes held) for an export of `count` flights."""

    def many() -> Iterator[ExportRow]:
        for i in range(count):
            yield flight(flight_id=f"F-{i}")

    tracemalloc.start()
    try:
        total = sum(len(chunk) for chunk in iter_flights_csv(many()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return total, peak


def test_ten_thousand_flights_stream_in_flat_memory() -> None:
    small_total, small_peak = _streamed(1_000)
    total, peak = _streamed(10_000)
    assert total > 9 * small_total
    assert peak < 1.5 * small_peak
    assert peak < total / 5


@pytest.mark.parametrize(
    ("now", "scope", "name"),
    [
        (datetime(2026, 12, 2, 7, 0, tzinfo=UTC), "flights", "flightdeck-flights-2026-12-02.csv"),
        (datetime(2026, 12, 2, 7, 0, tzinfo=UTC), "#client maison/../", "flightdeck-client-maison-2026-12-02.csv"),
        (datetime(2026, 12, 2, 7, 0, tzinfo=UTC), "", "flightdeck-flights-2026-12-02.csv"),
        (datetime(2026, 12, 2, 7, 0, tzinfo=UTC), "Maison Lumière", "flightdeck-Maison-Lumi-re-2026-12-02.csv"),
    ],
)
def test_export_filename(now: datetime, scope: str, name: str) -> None:
    assert export_filename(now, scope) == name
