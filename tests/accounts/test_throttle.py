from datetime import UTC, datetime, timedelta

from django.conf import settings

from arcwise.accounts.throttle import (
    ACCOUNT_POLICY,
    RESET_ACCOUNT_QUOTA,
    describe_wait,
    quota_verdict,
    refusal_message,
    reset_refusal_message,
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


def test_one_guess_after_a_lock_ends_does_not_lock_the_account_again() -> None:
    locked_run = failures(10, last_seconds_ago=15 * 60 + 30)
    lock_ends = locked_run[0] + ACCOUNT_POLICY.lock_for  # recorded when the lock began
    one_more_guess = [NOW - timedelta(seconds=20)]

    verdict = sign_in_verdict(
        locked_run + one_more_guess, now=NOW, policy=ACCOUNT_POLICY, lock_ends=lock_ends
    )

    assert verdict.allowed
    assert not verdict.locked


def test_while_a_recorded_lock_lasts_nothing_is_checked() -> None:
    lock_ends = NOW + timedelta(minutes=3)

    verdict = sign_in_verdict(failures(10), now=NOW, policy=ACCOUNT_POLICY, lock_ends=lock_ends)

    assert verdict.locked
    assert verdict.retry_after_seconds == 180


def test_after_a_lock_each_failure_waits_and_a_full_run_locks_again() -> None:
    lock_ends = NOW - timedelta(minutes=15)
    locked_run = failures(10, last_seconds_ago=30 * 60)
    verdicts = []
    for count in range(1, 7):
        after = [lock_ends + timedelta(seconds=n) for n in range(count)]
        verdicts.append(
            sign_in_verdict(
                locked_run + after, now=after[-1], policy=ACCOUNT_POLICY, lock_ends=lock_ends
            )
        )

    assert [v.retry_after_seconds for v in verdicts[:5]] == [15, 30, 60, 120, 240]
    assert not any(v.locked for v in verdicts[:5])
    assert verdicts[5].locked
    assert verdicts[5].retry_after_seconds == 15 * 60


def test_a_window_after_a_lock_the_free_attempts_return() -> None:
    lock_ends = NOW - ACCOUNT_POLICY.window - timedelta(seconds=1)

    verdict = sign_in_verdict(failures(4), now=NOW, policy=ACCOUNT_POLICY, lock_ends=lock_ends)

    assert verdict.allowed


def test_reset_emails_to_one_mailbox_are_capped_until_the_oldest_leaves_the_window() -> None:
    sent = [NOW - timedelta(minutes=minutes) for minutes in (20, 10, 1)]

    refused = quota_verdict(sent, now=NOW, policy=RESET_ACCOUNT_QUOTA)

    assert not refused.allowed
    assert refused.retry_after_seconds == 10 * 60
    assert quota_verdict(sent[1:], now=NOW, policy=RESET_ACCOUNT_QUOTA).allowed
    later = NOW + timedelta(minutes=10, seconds=1)
    assert quota_verdict(sent, now=later, policy=RESET_ACCOUNT_QUOTA).allowed


def test_a_mailbox_whose_quota_is_used_up_still_holds_a_working_link() -> None:
    # Each refused request comes within the window of an e-mail already sent to the owner,
    # and that e-mail's link outlives the window.
    assert RESET_ACCOUNT_QUOTA.window < timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def test_the_reset_refusal_does_not_say_whether_the_address_has_an_account() -> None:
    verdict = quota_verdict([NOW] * 3, now=NOW, policy=RESET_ACCOUNT_QUOTA)

    message = reset_refusal_message(verdict, for_account=True)

    assert message.startswith("If this address belongs to an account")
    assert "30 minutes" in message
