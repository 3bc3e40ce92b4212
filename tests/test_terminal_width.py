"""English terminal lines fit in 80 columns: `nudge doctor` (its text and its ASCII form),
`nudge autostart status`, `nudge config --check` with no config file, and `terminal_lines`,
the wrapper they share, also for Japanese text (two columns a character). A path or a
`command` is never broken (it is copied); one too long for a line stands alone on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

from nudge.cli.doctor import Check, format_report, to_ascii
from nudge.i18n import columns, terminal_lines, wrap


def _too_wide(text: str) -> list[str]:
    """The lines wider than 80 columns that could have been broken: a path or command too
    long for a line (one piece for `wrap`) may pass it, alone after the line's layout (its
    indent, or doctor's mark and name: at most 29 columns)."""
    return [line for line in text.splitlines() if columns(line) > 80 and not (
        line.endswith(last := wrap(line, 1, keep_words=True)[-1])
        and columns(line) - columns(last) <= 29)]


def _nudge(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the desktops are Linux ones")
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("desktop", ["none", "a display with no session bus"])
def test_doctor_fits_80_columns_and_its_json_keeps_each_line_whole(
        nudge_home: Path, tmp_path: Path, encoding: str, desktop: str) -> None:
    env = cli_env(nudge_home)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.update(COLUMNS="80", PYTHONIOENCODING=encoding, XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    if desktop != "none":
        env.update(DISPLAY=":4097", DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus")
    text = _nudge(env, "doctor")
    assert _too_wide(text) == []
    assert max(columns(line) for line in text.splitlines()) > 60  # lines are not cut short
    lines = text.splitlines()
    assert any(line.endswith(f" {nudge_home / 'data'}") or line.strip().startswith(
        str(nudge_home / "data")) for line in lines), text  # the path is whole
    assert any(line.strip().startswith("fix: run `nudge autostart on`") for line in lines)
    # --json is unwrapped, and the report says every word of it (the blockers line apart:
    # its JSON says each blocker's state as a stable English word)
    said = " ".join(text.split())
    for check in json.loads(_nudge(env, "doctor", "--json"))["checks"]:
        for words in (check["detail"], check["fix"], *check["notes"]):
            assert "\n" not in words, check
            if check["name"] != "blockers":
                shown = to_ascii(words) if encoding == "ascii" else words
                assert " ".join(shown.split()) in said, check


LONG = ("none: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), and no X11 display "
        "for an XEmbed tray; use `nudge status`, `nudge done|snooze|skip`, `nudge pause 1h` "
        "and `nudge quit` in a terminal, or install or enable a StatusNotifier tray (e.g. the "
        "Status Tray plugin of xfce4-panel, KDE Plasma, LXQt, waybar's tray, or GNOME's "
        "AppIndicator extension) — not needed in terminal mode…")
PATH = "/home/someone/.local/share/" + "a-long-folder-name/" * 4 + "nudge"
CHECK_SETS = {
    "short": [Check("nudge", True, "nudge 0.1.0"), Check("running", None, "not running")],
    "long words": [Check("tray", False, LONG, fix="install a StatusNotifier tray, e.g. the "
                         "Status Tray plugin of xfce4-panel, then log out and in again"),
                   Check("notification daemon", True, LONG)],
    "paths and notes": [
        Check("data", None, f"{PATH} (created when nudge first needs it)"),
        Check("activity", False, "none: " + LONG, fix="`sudo apt install python3-xlib` and "
              "start nudge again", notes=("tried gnome: " + LONG, f"tried x11: {PATH}")),
        Check("config", None, "/tmp/home/config", notes=(
            "config.toml not written yet: `nudge config --init` writes a commented one",))],
    # measured as shown: in ASCII each arrow takes two columns, each ellipsis three
    "typography": [Check("notifications", True, "done → saved… " * 12,
                         notes=("snooze → later… " * 12,))],
}


@pytest.mark.parametrize("unicode", [True, False], ids=["utf-8", "ascii"])
@pytest.mark.parametrize("name", CHECK_SETS)
def test_the_doctor_report_wraps_under_its_words(name: str, unicode: bool) -> None:
    checks = CHECK_SETS[name]
    text = format_report(checks, unicode)
    assert _too_wide(text) == []
    if not unicode:
        text.encode("ascii")
    indent = " " * (len("✓" if unicode else "MISSING") + len("notification daemon") + 3) \
        if name == "long words" else None
    lines = text.splitlines()
    for check in checks:  # every word said, in order; each line's mark and name at its start
        plain = check.detail if unicode else to_ascii(check.detail)
        assert " ".join(plain.split()) in " ".join(text.split())
    if indent is not None:  # continuation lines stand under the detail, a fix's 2 further in
        first = next(i for i, line in enumerate(lines) if "tray  " in line)
        fix = next(i for i, line in enumerate(lines) if line.startswith(indent + "fix: "))
        assert all(line.startswith(indent) and line[len(indent)] != " "
                   for line in lines[first + 1:fix])
        assert lines[fix + 1].startswith(indent + "  ") and lines[fix + 1][len(indent) + 2] != " "
    for command in ("`nudge done|snooze|skip`", "`nudge pause 1h`", "`nudge config --init`",
                    "`sudo apt install python3-xlib`", PATH):
        if command in " ".join(text.split()):
            assert any(command in line for line in lines), command  # never broken


def test_terminal_lines_wraps_japanese_by_its_columns_and_keeps_commands_whole() -> None:
    japanese = ("通知を表示できません：セッションバスがありません。ターミナルで `nudge done` "
                "または `nudge snooze 10m` を使ってください。デスクトップのトレイを有効にすると、"
                "アイコンからも答えられます。")
    text = terminal_lines(japanese, first="• トレイ  ", rest="          ")
    lines = text.splitlines()
    assert len(lines) > 2 and all(columns(line) <= 80 for line in lines)
    assert max(columns(line) for line in lines) > 70  # filled, not cut at 80 characters
    assert lines[0].startswith("• トレイ  ") and all(line.startswith(" " * 10)
                                                     for line in lines[1:])
    said = "".join(line.strip() for line in [lines[0].removeprefix("• トレイ"), *lines[1:]])
    assert said.replace(" ", "") == japanese.replace(" ", "")
    assert any("`nudge snooze 10m`" in line for line in lines)
    assert terminal_lines("short", first="  ") == "  short"
    assert terminal_lines("a\n\nb", rest="  ") == "a\n\n  b"  # no trailing spaces


def test_autostart_status_fits_80_columns(nudge_home: Path, tmp_path: Path) -> None:
    env = cli_env(nudge_home)
    env.update(XDG_CONFIG_HOME=str(tmp_path / "a-config-folder-with-a-long-name" / "xdg"))
    assert _too_wide(_nudge(env, "autostart", "status")) == []
    said = [_nudge(env, "autostart", "on"), _nudge(env, "autostart", "status"),
            _nudge(env, "autostart", "on"), _nudge(env, "autostart", "off")]
    entry = str(tmp_path / "a-config-folder-with-a-long-name" / "xdg" / "autostart" /
                "nudge.desktop")
    assert all(_too_wide(text) == [] and entry in text for text in said), said
    assert "`env NUDGE_HOME=" in said[1]  # the command is on one line, to copy


def test_config_check_without_a_config_file_fits_80_columns(nudge_home: Path) -> None:
    (nudge_home / "config" / "config.toml").unlink()
    text = _nudge(cli_env(nudge_home), "config", "--check")
    assert text.startswith("no config file: all defaults") and len(text.splitlines()) > 1
    assert _too_wide(text) == []
    assert any("`nudge config --init`" in line for line in text.splitlines())
    assert str(nudge_home / "config" / "config.toml") in text
