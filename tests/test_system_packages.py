"""scripts/system-packages: install what is missing when allowed, else stop with the command.

`id`, `sudo` and `apt-get` are stand-ins on PATH, so these tests install nothing and behave
the same for root, for a developer with sudo and for one without.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "system-packages"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A folder of stand-in commands; apt-get logs its arguments to apt.log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_ins = {
        "id": 'echo "${FAKE_UID:-1000}"',
        "sudo": 'if [ "${FAKE_SUDO:-no}" = yes ]; then shift; exec "$@"; else exit 1; fi',
        "apt-get": (
            f'echo "$*" >> {tmp_path}/apt.log\n'
            'if [ "${FAKE_APT_INSTALLS:-yes}" = yes ] && [ "$1" = install ]; then\n'
            '  printf "#!/bin/sh\\n" > "$ARCWISE_CHROMIUM"; chmod +x "$ARCWISE_CHROMIUM"\n'
            '  case "$*" in *fonts-dejavu-core*) touch "$ARCWISE_FONT";; esac\n'
            "fi"
        ),
    }
    for name, body in stand_ins.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    # The summary's PDF font, there unless a test takes it away.
    (tmp_path / "font.ttf").write_text("")
    return tmp_path


def libraries_only(machine: Path, *names: str) -> None:
    """Make ldconfig (on PATH before the real one) list only these shared libraries."""
    listing = "".join(f"\t{name} (libc6,x86-64) => /lib/{name}\\n" for name in names)
    ldconfig = machine / "bin" / "ldconfig"
    ldconfig.write_text(f'#!/bin/sh\nprintf "{listing}"\n')
    ldconfig.chmod(0o755)


def run(machine: Path, *needs: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PATH": f"{machine / 'bin'}:{os.environ['PATH']}",
        "ARCWISE_CHROMIUM": str(machine / "chromium"),
        "ARCWISE_FONT": str(machine / "font.ttf"),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(SCRIPT), *needs], env=environment, capture_output=True, text=True, check=False
    )


def apt_calls(machine: Path) -> list[str]:
    log = machine / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_user_without_sudo_is_stopped_with_the_one_command_to_run(machine: Path) -> None:
    result = run(machine, "chromium")

    assert result.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert apt_calls(machine) == []


@pytest.mark.parametrize("who", [{"FAKE_UID": "0"}, {"FAKE_SUDO": "yes"}], ids=["root", "sudo"])
def test_root_or_password_free_sudo_installs_what_is_missing(
    machine: Path, who: dict[str, str]
) -> None:
    result = run(machine, "chromium", **who)

    assert result.returncode == 0, result.stderr
    assert apt_calls(machine) == ["update -qq", "install -y -qq chromium"]
    assert (machine / "chromium").exists()


def test_an_install_that_leaves_chromium_missing_fails_loudly(machine: Path) -> None:
    result = run(machine, "chromium", FAKE_UID="0", FAKE_APT_INSTALLS="no")

    assert result.returncode == 1
    assert "still missing: Debian's Chromium" in result.stderr


def test_nothing_is_installed_when_nothing_is_missing(machine: Path) -> None:
    chromium = machine / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)

    result = run(machine, "chromium", FAKE_UID="0")

    assert result.returncode == 0
    assert apt_calls(machine) == []


def test_an_unknown_need_is_refused(machine: Path) -> None:
    result = run(machine, "firefox", FAKE_UID="0")

    assert result.returncode == 2
    assert "unknown need 'firefox'" in result.stderr


def test_the_pdfs_pango_and_font_come_with_the_chromium_need(machine: Path) -> None:
    libraries_only(machine, "libatomic.so.1")
    (machine / "font.ttf").unlink()

    result = run(machine, "chromium")

    assert result.returncode == 1
    assert (
        "sudo apt-get install -y chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
        in result.stderr
    )
    assert "Missing: Pango, which WeasyPrint needs" in result.stdout


def test_a_missing_font_alone_is_installed(machine: Path) -> None:
    libraries_only(machine, "libatomic.so.1", "libpango-1.0.so.0", "libpangoft2-1.0.so.0")
    chromium = machine / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    (machine / "font.ttf").unlink()

    result = run(machine, "chromium", FAKE_UID="0")

    assert result.returncode == 0, result.stderr
    assert apt_calls(machine) == ["update -qq", "install -y -qq fonts-dejavu-core"]
    assert (machine / "font.ttf").exists()
