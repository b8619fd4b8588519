"""The figures of the results form: each one says where a busy person finds it."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bot.core.results import PROMOTE_FIELDS, SPARK_FIELDS, PromoteResult, SparkResult


@pytest.mark.parametrize(("table", "result_type"), [(PROMOTE_FIELDS, PromoteResult), (SPARK_FIELDS, SparkResult)])
def test_every_figure_says_where_to_find_it(table, result_type) -> None:
    assert [f.name for f in table] == [f.name for f in fields(result_type)]
    assert all(f.where and f.label for f in table)
    assert [f.name for f in table if f.required] == ["spent"]
