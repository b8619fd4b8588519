"""Any body at all, signed or not: never a 5xx, nothing written, nothing live sent to Slack."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.payloads import broken_payloads, json_values
from tests.fuzz.support import assert_fine, examples

CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json", "text/plain", ""]

raw_bodies = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([b"payload=not-json", b"payload=null", b"payload=%5B%5D", b"payload=%FF%FE", b"{", b"[]", b"null"]),
    # Past the edge's limit (64) and past Python's recursion limit (1000): both are refused alike.
    st.sampled_from([1, 63, 64, 65, 200, 1500, 5000]).map(lambda depth: b"payload=" + b"%5B" * depth + b"%5D" * depth),
    st.sampled_from([1, 63, 65, 1500, 5000]).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    json_values.map(lambda v: ("payload=" + quote(json.dumps(v))).encode()),
)


@settings(max_examples=examples(2800))
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES))
def test_an_unsigned_body_is_refused_401_before_anything_reads_it(driver, body, content_type):
    before = driver.row_counts()

    outcome = driver.post(body, content_type, signed=False, signature="v0=" + "0" * 64)

    assert outcome.status == 401
    assert outcome.calls == []
    assert driver.row_counts() == before


@settings(max_examples=examples(2300))
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES))
def test_a_signed_body_of_any_bytes_is_answered_without_a_5xx(driver, body, content_type):
    before = driver.row_counts()

    outcome = driver.post(body, content_type)

    assert_fine(outcome)
    assert driver.row_counts() == before


@settings(max_examples=examples(1800))
@given(payload=broken_payloads(), as_json=st.booleans())
def test_slacks_payload_shapes_broken_anywhere_are_answered_without_a_5xx(driver, payload, as_json):
    before = driver.row_counts()
    if as_json:
        outcome = driver.post(json.dumps(payload), "application/json")
    else:
        outcome = driver.post(urlencode({"payload": json.dumps(payload)}))

    assert_fine(outcome)
    assert driver.row_counts() == before
