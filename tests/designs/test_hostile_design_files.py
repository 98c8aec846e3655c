"""Hostile design files: each is refused quickly, with a message naming its line, whether it
comes through the reader, a web upload or the `import_design` command, and saves nothing."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from html import escape
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse

from arcwise.designs.design_file import parsing
from arcwise.designs.design_file.format import DesignFileError
from arcwise.designs.design_file.parsing import MAX_NODES
from arcwise.designs.design_file.reading import MAX_PROBLEMS, read_design
from arcwise.designs.design_file.writing import write_design
from arcwise.designs.models import Design, DesignVersion
from arcwise.designs.spec import (
    MAX_LIST_ITEMS,
    MAX_PHASES,
    CycleStep,
    DesignSpec,
    ReflectionPrompt,
    check_design,
)
from arcwise.designs.spec import Practice as PracticeIdea
from tests.conftest import Cast
from tests.designs.factories import make_design, make_phase_spec, make_spec

HEAD = "arcwise: 1\ndesign:\n  name: Arc\n  phases:\n"
MEGABYTE = 990_000  # just under the 1 MB a file may be
# "About a second" at most; libyaml reads these in well under a tenth of that.
SECONDS = 1.0

HOSTILE: dict[str, tuple[bytes, str]] = {
    "a control character": (
        b"arcwise: 1\ndesign:\n  name: Bell\x07 arc\n",
        "line 3: the invisible control character U+0007 at character 13",
    ),
    "a NUL byte": (
        b"arcwise: 1\ndesign:\n  name: Arc\n  purpose: a\x00b\n",
        "line 4: the invisible control character U+0000 at character 13",
    ),
    "an escaped control character": (
        b'arcwise: 1\ndesign:\n  name: Arc\n  purpose: "a\\x1bb"\n',
        "line 4: the invisible control character U+001B cannot be in a design file",
    ),
    "an escaped lone surrogate": (
        b'arcwise: 1\ndesign:\n  name: "\\ud800"\n',
        "line 3:",
    ),
    "a right-to-left override": (
        "arcwise: 1\ndesign:\n  name: Ann\u202eevoL\n".encode(),
        "line 3: an invisible right-to-left override (U+202E) at character 12",
    ),
    "an escaped isolate": (
        b'arcwise: 1\ndesign:\n  name: "Ann\\u2067x"\n',
        "line 3: an invisible right-to-left isolate (U+2067)",
    ),
    "10,000 nested lists": (
        b"arcwise: 1\ndesign: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "line 2:",
    ),
    "10,000 nested mappings": (
        b"arcwise: 1\ndesign: " + b"{a: " * 10_000 + b"}" * 10_000 + b"\n",
        "line 2:",
    ),
    "1,400 nested block lists": (
        ("arcwise: 1\ndesign:\n" + "".join(" " * n + "-\n" for n in range(1, 1400))).encode(),
        "line 12: lists and mappings are nested more than 10 deep",
    ),
    "a megabyte flat list": (
        (HEAD + "  - x\n" * ((MEGABYTE - len(HEAD)) // 6)).encode(),
        f"line {MAX_NODES - 4}: the file holds more than 10,000 values",
    ),
    "a megabyte flow list on one line": (
        (HEAD + "  - [" + "1," * (MEGABYTE // 2 - 100) + "1]\n").encode(),
        "line 5: the file holds more than 10,000 values",
    ),
    "a megabyte of unknown keys": (
        ("arcwise: 1\ndesign:\n" + "".join(f"  k{n}: v\n" for n in range(80_000))).encode(),
        "line 5000: the file holds more than 10,000 values",
    ),
}


def refusal(data: bytes) -> tuple[list[str], float]:
    started = time.process_time()
    with pytest.raises(DesignFileError) as refused:
        read_design(data)
    return [str(problem) for problem in refused.value.problems], time.process_time() - started


@pytest.fixture(params=["libyaml", "pure Python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both parsers the reader may use: libyaml where PyYAML has it, else PyYAML's own."""
    if request.param == "pure Python":
        monkeypatch.setattr(parsing, "_CParser", None)
    else:
        assert parsing._CParser is not None, "PyYAML here is built without libyaml"
    return str(request.param)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_fast_naming_its_line(name: str, parser: str) -> None:
    data, expected = HOSTILE[name]

    problems, seconds = refusal(data)

    assert problems[0].startswith("line "), problems
    assert expected in problems[0]
    assert seconds < SECONDS * (3 if parser == "pure Python" else 1)


def test_a_message_never_repeats_the_character_it_refuses() -> None:
    for data, _ in HOSTILE.values():
        problems, _ = refusal(data)
        text = " ".join(problems)
        assert not parsing._REFUSED.search(text)
        text.encode("utf-8")  # no lone surrogate reaches a page or a terminal


def test_thousands_of_empty_phases_are_read_in_linear_time() -> None:
    # Each empty phase lacks five fields; comparing every problem with every other took
    # minutes for this 63 kB file. Ten times the phases must cost about ten times the time,
    # not a hundred: a ratio of two runs on the same machine, so a busy machine cannot fail
    # it (the best of three runs of each, as a benchmark would).
    def best_of_three(phases: int) -> float:
        return min(refusal((HEAD + "  - {}\n" * phases).encode())[1] for _ in range(3))

    small, large = best_of_three(900), best_of_three(9_000)
    problems, _ = refusal((HEAD + "  - {}\n" * 9_000).encode())

    assert large < 30 * small, f"9,000 phases took {large / small:.0f} times as long as 900"
    assert problems[0] == "line 5, design.phases[1]: the required field “key” is missing."
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].endswith("more problems; correct these first.")


def test_the_largest_design_the_rules_allow_still_reads() -> None:
    items = tuple(f"Item {n}" for n in range(MAX_LIST_ITEMS))
    full = make_phase_spec(
        readiness_signals=items,
        session_prompts=items,
        practices=tuple(PracticeIdea(item, "Try it.") for item in items),
        reflection_prompts=tuple(ReflectionPrompt(CycleStep.REFLECTION, item) for item in items),
    )
    spec = DesignSpec(
        name="Everything",
        phases=tuple(replace(full, key=f"phase-{n}") for n in range(MAX_PHASES)),
    )
    assert check_design(spec).ok

    started = time.process_time()
    assert read_design(write_design(spec).encode()) == spec
    assert time.process_time() - started < SECONDS


# --- The same files through the web upload and the command ----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_upload_gets_its_line_on_the_page(
    name: str, cast: Cast, as_coach: HttpClient
) -> None:
    data, expected = HOSTILE[name]
    upload = SimpleUploadedFile("hostile.yaml", data, content_type="application/yaml")

    started = time.process_time()
    response = as_coach.post(reverse("designs:import"), {"file": upload})

    body = response.content.decode()
    assert response.status_code == 400
    assert "The file was not imported, and nothing was saved." in body
    assert escape(expected) in body
    assert time.process_time() - started < 2 * SECONDS
    assert not Design.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["a right-to-left override", "10,000 nested lists"])
def test_a_hostile_file_as_a_new_version_changes_nothing(
    name: str, cast: Cast, as_coach: HttpClient
) -> None:
    design = make_design(cast.practice, cast.coach, published=True)
    upload = SimpleUploadedFile("hostile.yaml", HOSTILE[name][0])

    response = as_coach.post(
        reverse("designs:version_import", kwargs={"design_id": design.public_id}),
        {"file": upload},
    )

    assert response.status_code == 400
    assert escape(HOSTILE[name][1]) in response.content.decode()
    assert DesignVersion.objects.filter(design=design).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_fails_the_command_with_its_line(
    name: str, cast: Cast, tmp_path: Path
) -> None:
    data, expected = HOSTILE[name]
    file = tmp_path / "hostile.yaml"
    file.write_bytes(data)

    with pytest.raises(CommandError) as failure:
        call_command("import_design", str(file), "--owner", cast.coach.email, stdout=StringIO())

    message = str(failure.value)
    assert "The file was not imported, and nothing was saved." in message
    assert f"  - {expected}" in message
    message.encode("utf-8")
    assert not Design.objects.exists()


@pytest.mark.django_db
def test_the_command_reads_no_more_than_a_file_may_hold(cast: Cast, tmp_path: Path) -> None:
    # A named pipe reports no size, so only a bounded read stops an endless one.
    pipe = tmp_path / "endless.yaml"
    os.mkfifo(pipe)
    chunk = b"#" * 99_999 + b"\n"
    written = []

    def feed() -> None:
        try:
            with pipe.open("wb", buffering=0) as writer:
                for _ in range(200):  # 20 MB
                    writer.write(chunk)
                    written.append(len(chunk))
        except BrokenPipeError:
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()

    with pytest.raises(CommandError, match="a design file can be at most 1 MB"):
        call_command("import_design", str(pipe), "--owner", cast.coach.email)
    feeder.join(timeout=10)

    assert sum(written) < 2_000_000


def test_a_good_file_still_reads(parser: str) -> None:
    spec = make_spec("orient", "experiment", "close")

    assert read_design(write_design(spec).encode()) == spec
