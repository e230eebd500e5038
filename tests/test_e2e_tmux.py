"""End to end: the installed `policy-tui` in a real terminal (tmux), searching for a country.

Starts the command on a hand-made database, types a country's capital into the
search box, takes the offered country, steps to a claim and reads the source
pane off the screen. Needs tmux (CI installs it); skipped without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .tui_fixtures import BRIEFING, DISPATCH, KREMLIN, MEMO, UK_SENTENCE, build_db

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
COMMAND = shutil.which("policy-tui", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")


class Terminal:
    """A detached tmux session running one command."""

    def __init__(self, command: str, size: tuple[int, int]) -> None:
        self.name = f"policy-tui-e2e-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "TERM": "xterm-256color"}
        env.pop("POLICY_TUI_DB", None)
        self.env = env
        subprocess.run(
            [TMUX, "new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]), command],
            check=True,
            env=env,
        )
        # tmux keeps what an application copies (OSC 52) as a paste buffer, readable with show-buffer.
        subprocess.run([TMUX, "set-option", "-s", "set-clipboard", "on"], check=True, env=env)

    def screen(self) -> str:
        result = subprocess.run([TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([TMUX, "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)

    def wait_for(self, predicate, what: str, timeout: float = 60) -> str:
        """Poll the screen until `predicate(screen)` holds (the app works in the background)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True)


def source_pane_text(screen: str) -> str:
    """The text inside the Source pane, its wrapped lines joined."""
    lines = screen.splitlines()
    top = next((i for i, line in enumerate(lines) if "─ Source ─" in line), None)
    if top is None:
        return ""
    left = lines[top].index("╭─ Source")  # the pane's left border column
    inside = []
    for line in lines[top + 1 :]:
        body = line[left + 1 :]
        if body.startswith("─") or "╯" in body[-2:]:
            break
        inside.append(body.rstrip().removesuffix("│").strip())
    return " ".join(part for part in inside if part)


@pytest.mark.skipif(TMUX is None or COMMAND is None, reason="needs tmux and the installed policy-tui command")
def test_search_a_country_and_read_the_source_sentence(tmp_path):
    database = build_db(tmp_path / "e2e.db", [BRIEFING, MEMO])
    done = tmp_path / "exit-status"
    terminal = Terminal(f"{COMMAND} --db {database}; echo $? > {done}; sleep 30", (100, 32))
    try:
        terminal.wait_for(lambda s: "Claims · attributed · 6" in s, "the claims list")
        terminal.keys("/")
        terminal.keys("Moscow", literal=True)
        terminal.wait_for(lambda s: "Country" in s and "Russia (RU) · 6 claims" in s, "Russia offered first")
        terminal.keys("Enter")
        terminal.wait_for(lambda s: "country: Russia (RU)" in s and "Claims · attributed · 3" in s, "the Russia filter")
        # The first attributed claim about Russia (the sentence before it has no speaker or cue).
        screen = terminal.wait_for(lambda s: KREMLIN in source_pane_text(s), "the sentence in the source pane")
        assert "briefing.txt › Eastern Europe" in screen
        terminal.keys("q")
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert done.read_text().strip() == "0"
    finally:
        terminal.close()


def exit_status(terminal: Terminal, path: Path, timeout: float = 30) -> str:
    """The exit status the command wrote to `path` once it ended."""
    deadline = time.monotonic() + timeout
    # The shell creates the file before it writes the status into it: wait for the status.
    while not (path.exists() and path.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.exists(), f"the explorer did not exit; the screen shows:\n{terminal.screen()}"
    return path.read_text().strip()


def clipboard(terminal: Terminal) -> str:
    result = subprocess.run([TMUX, "show-buffer"], capture_output=True, text=True, env=terminal.env)
    return result.stdout if result.returncode == 0 else ""


@pytest.mark.skipif(TMUX is None or COMMAND is None, reason="needs tmux and the installed policy-tui command")
def test_search_uk_copy_and_bookmark_a_claim_then_find_it_after_a_relaunch(tmp_path):
    database = build_db(tmp_path / "e2e.db", [BRIEFING, MEMO, DISPATCH])
    done = tmp_path / "exit-status"
    command = f"{COMMAND} --db {database}; echo $? > {done}; sleep 30"
    terminal = Terminal(command, (100, 32))
    try:
        terminal.wait_for(lambda s: "Claims · attributed · 8" in s, "the claims list")
        terminal.keys("/")
        terminal.keys("UK", literal=True)
        screen = terminal.wait_for(lambda s: "United Kingdom (GB) · 2 claims" in s, "the United Kingdom offered for UK")
        assert "Ukraine" not in screen.split("United Kingdom (GB)")[0]  # first, before the prefix of "Ukraine"
        terminal.keys("Enter")
        terminal.wait_for(lambda s: "United Kingdom (GB) ✕" in s and "Claims · attributed · 2" in s, "the United Kingdom filter")
        terminal.keys("c")
        terminal.wait_for(lambda s: "Copied with its citation" in s, "the copy notification")
        deadline = time.monotonic() + 10
        while UK_SENTENCE not in clipboard(terminal) and time.monotonic() < deadline:
            time.sleep(0.2)
        copied = clipboard(terminal)
        assert UK_SENTENCE in copied and "dispatch.txt" in copied and "characters" in copied
        terminal.keys("b")
        terminal.wait_for(lambda s: "Bookmarked" in s and "★ Maria" in s, "the bookmark")
        terminal.keys("q")
        assert exit_status(terminal, done) == "0"
    finally:
        terminal.close()

    done.unlink()
    again = Terminal(command, (100, 32))
    try:
        # Reopened on the view it was closed on: the United Kingdom, the bookmarked claim.
        again.wait_for(lambda s: "United Kingdom (GB) ✕" in s and "Claims · attributed · 2" in s and "★ Maria" in s, "the view kept")
        again.keys("B")
        screen = again.wait_for(lambda s: "1 bookmark" in s, "the bookmarks view")
        assert UK_SENTENCE[:40] in screen and "dispatch.txt" in screen
        again.keys("Escape")
        again.wait_for(lambda s: "Bookmarks" not in s.splitlines()[0], "back on the main screen")
        again.keys("q")
        assert exit_status(again, done) == "0"
    finally:
        again.close()
