from datetime import UTC, datetime, timedelta

from arcwise.accounts.throttle import (
    ACCOUNT_POLICY,
    describe_wait,
    refusal_message,
    sign_in_verdict,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def failures(count: int, last_seconds_ago: float = 0) -> list[datetime]:
    last = NOW - timedelta(seconds=last_seconds_ago)
    return [last - timedelta(seconds=index) for index in range(count)]


def test_a_few_mistakes_are_free() -> None:
    assert sign_in_verdict(failures(4), now=NOW, policy=ACCOUNT_POLICY).allowed


def test_the_fifth_failure_makes_the_next_attempt_wait_fifteen_seconds() -> None:
    verdict = sign_in_verdict(failures(5), now=NOW, policy=ACCOUNT_POLICY)

    assert not verdict.allowed
    assert verdict.retry_after_seconds == 15
    assert not verdict.locked


def test_each_further_failure_doubles_the_wait() -> None:
    waits = [
        sign_in_verdict(failures(count), now=NOW, policy=ACCOUNT_POLICY).retry_after_seconds
        for count in range(5, 10)
    ]

    assert waits == [15, 30, 60, 120, 240]


def test_after_the_wait_one_more_attempt_is_allowed() -> None:
    assert sign_in_verdict(failures(5, last_seconds_ago=16), now=NOW, policy=ACCOUNT_POLICY).allowed


def test_ten_failures_lock_the_account_for_fifteen_minutes() -> None:
    verdict = sign_in_verdict(failures(10), now=NOW, policy=ACCOUNT_POLICY)

    assert verdict.locked
    assert verdict.retry_after_seconds == 15 * 60
    assert not sign_in_verdict(failures(10, 14 * 60), now=NOW, policy=ACCOUNT_POLICY).allowed
    assert sign_in_verdict(failures(10, 15 * 60 + 1), now=NOW, policy=ACCOUNT_POLICY).allowed


def test_failures_older_than_the_window_are_forgotten() -> None:
    old = failures(10, last_seconds_ago=ACCOUNT_POLICY.window.total_seconds() + 60)

    assert sign_in_verdict(old, now=NOW, policy=ACCOUNT_POLICY).failures == 0


def test_messages_say_how_long_to_wait() -> None:
    waiting = sign_in_verdict(failures(6), now=NOW, policy=ACCOUNT_POLICY)
    locked = sign_in_verdict(failures(10), now=NOW, policy=ACCOUNT_POLICY)

    assert "wait 30 seconds" in refusal_message(waiting, for_account=True)
    assert "paused after 10 failed attempts" in refusal_message(locked, for_account=True)
    assert "15 minutes" in refusal_message(locked, for_account=True)
    assert describe_wait(1) == "1 second"
    assert describe_wait(61) == "2 minutes"
