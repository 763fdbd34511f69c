"""How the gateway judges a driver's answer, and how long it waits before asking again. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    DONE = "done"
    POLL = "poll"  # 202: the driver works on it; repeat the same request
    RETRY = "retry"  # transient: 5xx, 429, 409 in flight, connection trouble
    FAIL = "fail"  # the driver refused for good: 4xx


def judge(status: int) -> Verdict:
    if status in (200, 201, 204):
        return Verdict.DONE
    if status == 202:
        return Verdict.POLL
    if status in (408, 409, 425, 429) or status >= 500:
        return Verdict.RETRY
    return Verdict.FAIL


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    initial_s: float = 0.1
    max_s: float = 10.0
    poll_interval_s: float = 0.5
    deadline_s: float = 600.0

    def backoff(self, attempt: int, jitter: float) -> float:
        """Exponential backoff with full jitter; ``jitter`` is a number in [0, 1)."""
        return min(self.max_s, self.initial_s * 2.0 ** min(attempt - 1, 32)) * (0.5 + jitter / 2)
