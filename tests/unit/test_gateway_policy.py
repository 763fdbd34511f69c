"""How the driver gateway judges answers and spaces its retries."""

from __future__ import annotations

import pytest

from orch_gateway.adapters.driver_client import driver_url
from orch_gateway.domain.policy import RetryPolicy, Verdict, judge


class TestJudge:
    @pytest.mark.parametrize("status", [200, 201, 204])
    def test_success_statuses_are_done(self, status: int) -> None:
        assert judge(status) is Verdict.DONE

    def test_202_means_poll_again(self) -> None:
        assert judge(202) is Verdict.POLL

    @pytest.mark.parametrize("status", [408, 409, 425, 429, 500, 502, 503, 504, 599])
    def test_transient_statuses_are_retried(self, status: int) -> None:
        assert judge(status) is Verdict.RETRY

    @pytest.mark.parametrize("status", [301, 400, 401, 403, 404, 405, 410, 422])
    def test_other_statuses_fail_for_good(self, status: int) -> None:
        assert judge(status) is Verdict.FAIL


class TestBackoff:
    POLICY = RetryPolicy(initial_s=1.0, max_s=10.0)

    def test_the_wait_doubles_with_each_attempt(self) -> None:
        assert [self.POLICY.backoff(attempt, 0.0) for attempt in range(1, 5)] == [0.5, 1.0, 2.0, 4.0]

    def test_the_wait_is_capped_at_max_s(self) -> None:
        assert [self.POLICY.backoff(attempt, 0.0) for attempt in range(5, 9)] == [5.0, 5.0, 5.0, 5.0]

    @pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 10, 60])
    @pytest.mark.parametrize("jitter", [0.0, 0.25, 0.5, 0.75, 0.999999])
    def test_jitter_keeps_the_wait_between_half_and_all_of_the_step(self, attempt: int, jitter: float) -> None:
        step = min(10.0, 2.0 ** (attempt - 1))

        wait = self.POLICY.backoff(attempt, jitter)

        assert step / 2 <= wait < step
        assert wait <= self.POLICY.max_s

    def test_more_jitter_waits_longer(self) -> None:
        assert self.POLICY.backoff(3, 0.2) < self.POLICY.backoff(3, 0.8)

    def test_a_zero_policy_never_waits(self) -> None:
        policy = RetryPolicy(initial_s=0, poll_interval_s=0, max_s=0)

        assert [policy.backoff(attempt, 0.9) for attempt in (1, 5, 50)] == [0.0, 0.0, 0.0]

    def test_the_cap_holds_for_very_many_attempts(self) -> None:
        assert self.POLICY.backoff(1100, 0.0) == 5.0


class TestDriverUrl:
    @pytest.mark.parametrize("target", ["http://echo:8090", "http://echo:8090/"])
    def test_joins_with_or_without_a_trailing_slash(self, target: str) -> None:
        assert driver_url(target, "0a1b2c") == "http://echo:8090/0a1b2c"

    @pytest.mark.parametrize("target", ["http://gw/drivers/echo", "http://gw/drivers/echo/"])
    def test_keeps_every_segment_of_the_target_path(self, target: str) -> None:
        assert driver_url(target, "0a1b2c") == "http://gw/drivers/echo/0a1b2c"

    def test_the_guresid_is_percent_encoded_as_one_segment(self) -> None:
        assert driver_url("http://echo", "a/b c?d#e%") == "http://echo/a%2Fb%20c%3Fd%23e%25"
