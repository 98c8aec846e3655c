"""Two-node test: two web nodes and two senders on one PostgreSQL, under concurrent load.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arcwise .venv/bin/python scripts/two_nodes.py

DATABASE_URL names a PostgreSQL server this user may create databases on; the test drops and
creates its own database there (arcwise_two_nodes). `.ci/run` runs it after the smoke test.

Two gunicorn instances (node A and node B, two workers each) and two `run_nudges --loop`
senders share the database, set up as production is (scripts/live_site.py). Requests race
from threads, one of each pair to each node, and the test counts what came of them:

- sessions work across nodes: signed in on A, the cookie works on B;
- no e-mail lost or sent twice: a portal link sent to every client from both nodes at once,
  and a burst of due e-mails, each arrive at the SMTP server exactly once;
- no lost edit: two tabs on two nodes save one session's notes from the same version: one
  saves, the other is told, and the saved text is the winner's;
- no double booking: two clients on two nodes book one free time at once: one gets it;
- failed sign-ins spread over both nodes are counted as one;
- nothing in the code keeps in one process's memory what another process needs.

It prints the counts and exits 1 on any failure.
"""

from __future__ import annotations

import re
import secrets
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from live_browser import Browser, Response
from live_site import (
    PORTAL_LINK_SUBJECT,
    ROOT,
    Processes,
    Report,
    Sink,
    database_server,
    fresh_database,
    manage,
    production_environment,
    running,
    setup,
)

DATABASE = "arcwise_two_nodes"
CLIENTS = 30  # each sent a portal link from both nodes at once
BURST = 300  # e-mails due at once, for the two senders to share
RACES = 8  # booking races, each two clients after one free time
EDITS = 10  # notes races, each two tabs saving one session's record
assert 2 * RACES + EDITS <= CLIENTS  # each client takes part in one race at most
NOBODY = "nobody@two-nodes.test"  # the throttle counts failures per address typed, account or not
T = TypeVar("T")


def race(*calls: Callable[[], T]) -> list[T]:
    """Run `calls` in threads released together; their results, in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # handed back to the caller, which reports it
            results[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


@dataclass
class Nodes:
    """What the checks share: the two nodes, the senders, the SMTP server, the practice."""

    a: int
    b: int
    sink: Sink
    processes: Processes
    environment: dict[str, str]
    coach_email: str
    coach_password: str
    made: dict[str, Any]
    coach: Browser = field(init=False)

    def __post_init__(self) -> None:
        self.coach = Browser(self.a)


# --- The checks, in order -------------------------------------------------------------------


def sessions_across_nodes(nodes: Nodes) -> str:
    signed_in = nodes.coach.sign_in(nodes.coach_email, nodes.coach_password)
    assert signed_in.status == 302, f"sign-in on node A answered {signed_in.status}"
    first = nodes.made["clients"][0]
    on_b = nodes.coach.get(first["page"], port=nodes.b)
    assert on_b.status == 200, f"node B answered {on_b.status} {on_b.location}"
    assert first["email"] in on_b.body, "node B did not show the client"
    return "signed in on A, the same cookie opens a client's page on B"


def portal_links_from_both_nodes(nodes: Nodes) -> str:
    """The coach's two tabs, one on each node, send each client a link at the same moment."""

    def both(client: dict[str, Any]) -> list[Response]:
        send = {"from_link": ""}
        tabs = [Browser(port, cookies=dict(nodes.coach.cookies)) for port in (nodes.a, nodes.b)]
        return race(*(partial(tab.post, client["link_send"], send) for tab in tabs))

    with ThreadPoolExecutor(8) as pool:
        answers = [r for pair in pool.map(both, nodes.made["clients"]) for r in pair]
    statuses = Counter(answer.status for answer in answers)
    assert statuses == {302: 2 * CLIENTS}, f"answers: {dict(statuses)}"
    return f"{len(answers)} sends of a link to {CLIENTS} clients, from A and B at once"


def burst_of_due_emails(nodes: Nodes) -> str:
    queued = setup(nodes.environment, "burst", "two-nodes-burst", str(BURST))
    return f"{len(queued['keys'])} e-mails due now"


def no_lost_edits(nodes: Nodes) -> str:
    tab_a = Browser(nodes.a, cookies=dict(nodes.coach.cookies))
    tab_b = Browser(nodes.b, cookies=dict(nodes.coach.cookies))
    saved = refused = lost = 0
    for n, client in enumerate(nodes.made["clients"][2 * RACES : 2 * RACES + EDITS]):

        def save(tab: Browser, words: str, client: dict[str, Any] = client) -> Response:
            return tab.post(
                client["session_record"],
                {
                    "record_version": str(client["record_version"]),
                    "notes": words,
                    "key_insights": "",
                    "agreements": "",
                },
                headers={"HX-Request": "true"},
            )

        texts = (f"Notes typed on node A, session {n}", f"Notes typed on node B, session {n}")
        answers = race(partial(save, tab_a, texts[0]), partial(save, tab_b, texts[1]))
        statuses = sorted(answer.status for answer in answers)
        assert statuses == [200, 409], f"session {n}: answers {statuses}"
        loser = next(answer for answer in answers if answer.status == 409)
        told = "saved somewhere else" in loser.body
        assert told, f"the refused tab was not told: {loser.body[:300]}"
        won = [a.status for a in answers].index(200)
        shown = tab_b.get(client["session"]).body
        lost += texts[won] not in shown
        assert texts[1 - won] not in shown, f"session {n}: the refused save was kept"
        saved += 1
        refused += 1
    assert lost == 0, f"{lost} saved notes not shown"
    return f"{EDITS} races: {saved} saved, {refused} refused and told, {lost} lost"


def portal_of(nodes: Nodes, email: str, port: int) -> Browser:
    """The client's browser, in through the link the sender e-mailed them."""
    link = nodes.sink.portal_link_to(email, timeout=60)
    browser = Browser(port, address=f"198.51.100.{sum(map(ord, email)) % 250}")
    assert browser.get(link).status == 302, f"{email}'s link did not open"
    assert browser.get("/portal/").status == 200, f"{email}'s portal did not open"
    return browser


def no_double_bookings(nodes: Nodes) -> str:
    races = nodes.made["booking_races"]
    with ThreadPoolExecutor(8) as pool:  # the clients open their portals: first on A, second on B
        firsts = list(pool.map(lambda each: portal_of(nodes, each["first"], nodes.a), races))
        seconds = list(pool.map(lambda each: portal_of(nodes, each["second"], nodes.b), races))
    booked = refused = 0
    for n, (each, first, second) in enumerate(zip(races, firsts, seconds, strict=True)):

        def book(browser: Browser, session: str, was: str, at: str = each["starts_at"]) -> Response:
            return browser.post(
                f"/portal/sessions/{session}/book/", {"starts_at": at, "from_starts_at": was}
            )

        answers = race(
            partial(book, first, each["first_session"], each["first_from"]),
            partial(book, second, each["second_session"], each["second_from"]),
        )
        statuses = sorted(answer.status for answer in answers)
        assert statuses == [302, 409], f"race {n}: answers {statuses}"
        taken = next(answer for answer in answers if answer.status == 409)
        assert "just taken" in taken.body, f"race {n}: the second was not told"
        # A redirect also follows a refusal; the next page shown says which. (The portal's
        # home, not the booking page the redirect names: it says the same for less work.)
        won = (first, second)[[answer.status for answer in answers].index(302)]
        assert "Booked: your session is on" in won.get("/portal/").body, f"race {n}: not booked"
        booked += 1
        refused += 1
    assert booked == len(races) == RACES, f"{booked} races of {RACES}"
    return f"{RACES} races: {booked} booked, {refused} told the time was just taken, 0 double"


def throttle_across_nodes(nodes: Nodes) -> str:
    guesser = Browser(nodes.a, address="192.0.2.44")
    answers = [
        guesser.sign_in(NOBODY, f"wrong-guess-{n}", port=(nodes.a, nodes.b)[n % 2])
        for n in range(6)
    ]
    statuses = [answer.status for answer in answers]
    assert statuses == [200] * 5 + [429], f"answers, alternating A and B: {statuses}"
    return "5 failures alternating A and B, the 6th refused (429): counted as one"


def nothing_in_process_memory(nodes: Nodes) -> str:
    """The ways a Django app keeps state in one process: its cache framework (LocMemCache by
    default) and in-process locks. Pure functions' lru_caches are fine: any process computes
    the same."""
    suspects = re.compile(r"django\.core\.cache|LocMemCache|\bcaches\[|threading\.Lock\(")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "arcwise").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if suspects.search(line)
    ]
    assert not found, f"per-process state in {found}"
    return "no cache framework, no in-process lock in arcwise/"


def web_nodes_still_running(nodes: Nodes) -> str:
    ended = nodes.processes.all_running()
    assert ended is None, f"ended early: {ended}"
    return "both nodes and both senders ran throughout"


def no_email_lost_or_sent_twice(nodes: Nodes) -> str:
    """Wait until nothing due is left, stop the senders, then count every message by its
    Message-ID (one per outbox row, docs/outbox.md)."""
    deadline = time.monotonic() + 90
    outbox = setup(nodes.environment, "outbox")
    while outbox["due_unsent"] and time.monotonic() < deadline:
        time.sleep(0.5)
        outbox = setup(nodes.environment, "outbox")
    due_unsent = outbox["due_unsent"]
    sent_by = [nodes.processes.stop_one(name) for name in ("sender-1", "sender-2")]
    by_senders = sum(int(n) for said in sent_by for n in re.findall(r" sent (\d+)", said))
    outbox = setup(nodes.environment, "outbox")
    rows = {row["message_id"]: row for row in outbox["rows"]}
    received = Counter(mail.message_id for mail in nodes.sink.received)
    sent = [mid for mid, row in rows.items() if row["state"] == "sent"]
    lost = [mid for mid in sent if received[mid] == 0]
    twice = {mid: n for mid, n in received.items() if n > 1}
    strangers = [mid for mid in received if mid not in rows]
    failed = [row for row in rows.values() if row["state"] == "failed"]
    links = Counter(
        r
        for mail in nodes.sink.received
        if mail.subject == PORTAL_LINK_SUBJECT
        for r in mail.recipients
    )
    clients = [c["email"] for c in nodes.made["clients"]]
    link_counts = Counter(links[email] for email in clients)
    print(
        f"      outbox rows {len(rows)}: sent {len(sent)}, failed {len(failed)}, "
        f"due and unsent {due_unsent}; received {sum(received.values())} e-mails, "
        f"{len(received)} Message-IDs; lost {len(lost)}, twice {len(twice)}, "
        f"unknown {len(strangers)}; senders: {', '.join(sent_by)}; "
        f"portal links per client: {dict(link_counts)}"
    )
    # Rows the planner wrote after that are not lost: they wait for the next sender.
    assert due_unsent == 0, f"{due_unsent} due e-mails still unsent after 90 s"
    assert not failed, f"failed: {failed[:3]}"
    assert not lost, f"{len(lost)} sent but never received"
    assert not twice, f"{len(twice)} received more than once"
    assert not strangers, f"{len(strangers)} received but in no outbox row"
    assert len(sent) >= CLIENTS + BURST, f"only {len(sent)} sent"
    assert by_senders == len(sent), f"the senders say they sent {by_senders}"
    assert link_counts == {1: CLIENTS}, "a client got other than one portal link"
    return f"{len(sent)} sent, {sum(received.values())} received: 0 lost, 0 twice"


CHECKS: list[Callable[[Nodes], str]] = [
    sessions_across_nodes,
    portal_links_from_both_nodes,
    burst_of_due_emails,
    no_lost_edits,
    no_double_bookings,
    throttle_across_nodes,
    nothing_in_process_memory,
    web_nodes_still_running,
    no_email_lost_or_sent_twice,
]


def main() -> int:
    server = database_server()
    started = time.monotonic()
    report = Report()
    with Sink() as sink:
        environment = production_environment(fresh_database(server, DATABASE), sink.port)
        manage(environment, "migrate", "--noinput")
        manage(environment, "collectstatic", "--noinput")
        password = secrets.token_urlsafe(16)
        made = setup(
            environment, "practice", "coach@two-nodes.test", password, str(CLIENTS), str(RACES)
        )
        with running(environment) as processes:
            processes.sender("sender-1")
            processes.sender("sender-2")
            nodes = Nodes(
                a=processes.web("node-a"),
                b=processes.web("node-b"),
                sink=sink,
                processes=processes,
                environment=environment,
                coach_email="coach@two-nodes.test",
                coach_password=password,
                made=made,
            )
            print(f"Node A on port {nodes.a}, node B on port {nodes.b}, SMTP on {sink.port}")
            for check in CHECKS:
                report.check(check.__name__.replace("_", " "), partial(check, nodes))
            if report.failed:
                print(f"Logs of the processes: {processes.logs}")
    return report.finish(started)


if __name__ == "__main__":
    sys.exit(main())
