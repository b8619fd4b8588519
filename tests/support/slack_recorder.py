"""What the Slack emulator (tests/support/slack_emulator.py) keeps of every call, and how tests make it misbehave.

Every call is recorded with Slack's answer, under one lock that also wakes whoever waits for a call.
A fault stands in for the next calls of one method: a 429 with Retry-After, a 5xx, an error such as
`channel_not_found`, or a slow reply.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# An answer as the emulator sends it: status, JSON body, headers, and how long to wait before it.
Answer = tuple[int, dict[str, Any], dict[str, str], float]


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    at: float
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass
class Fault:
    method: str
    error: str | None = None
    status: int = 200
    retry_after: float | None = None
    delay: float = 0.0
    times: int = 1
    when: Callable[[dict[str, Any]], bool] | None = None

    def answer(self) -> Answer | None:
        """What Slack answers instead of the method's own answer; None for a fault that only slows it."""
        if self.retry_after is not None:
            return rate_limited(self.retry_after)
        if self.status >= 500:
            return self.status, {"ok": False, "error": "internal_error"}, {}, self.delay
        if self.error:
            return 200, {"ok": False, "error": self.error}, {}, self.delay
        return None


def rate_limited(retry_after: float) -> Answer:
    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(int(retry_after))}, 0


class CallRecorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.record_calls = True
        self._faults: list[Fault] = []
        self._lock = threading.Condition()

    # -- what tests set up --------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int = 200,
        retry_after: float | None = None,
        delay: float = 0.0,
        times: int = 1,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """The next `times` calls of `method` (matching `when`) misbehave as described."""
        with self._lock:
            self._faults.append(Fault(method, error, status, retry_after, delay, times, when))

    # -- what tests read ----------------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [
                call for call in self.calls if call.method == method and call.status == 200 and call.answer.get("ok")
            ]

    def attempts_of(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `predicate()` is truthy (checked on every call the emulator receives)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError("the Slack emulator never saw what the test waited for")
                self._lock.wait(min(remaining, 0.05))

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        return self.wait_for(lambda: (calls := self.calls_to(method)) and len(calls) >= count and calls, timeout)

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()

    # -- for the emulator -------------------------------------------------------------------------------

    def _record(self, method: str, args: dict[str, Any], respond: Callable[[], Answer]) -> Answer:
        """Answer a call with `respond`, under the lock, recording it; wake whoever waits for calls."""
        with self._lock:
            call = Call(method, args, time.time())
            if self.record_calls:
                self.calls.append(call)
            status, answer, headers, delay = respond()
            call.status, call.answer = status, answer
            self._lock.notify_all()
        return status, answer, headers, delay

    def _take_fault(self, method: str, args: dict[str, Any]) -> Fault | None:
        for fault in self._faults:
            if fault.method == method and (fault.when is None or fault.when(args)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None
