"""English that once reached people in other languages (#21): a mistyped `--week`, why there is
no D-Bus session bus in doctor's tray, activity and do-not-disturb lines, the blockers' names,
doctor's "cannot load" line. Each is said in the user's language and stays English where
scripts and the log read it (`doctor --json`, the log)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from languages import language_env, translated
from pseudo_language import OPEN, pseudo, speaking_pseudo

from nudge.blockers.dnd import LinuxDndBlocker
from nudge.cli.doctor import blockers_check, format_report, report_json
from nudge.cli.doctor.model import missing_module
from nudge.core.iso_week import IsoWeek, NotAWeek
from nudge.i18n import shown
from nudge.platform.bus import BusThread
from nudge.platform.error_words import said
from nudge.platform.probe import Probe
from nudge.state.weekly_review import load_shown_week

__all__ = ["speaking_pseudo"]  # the fixture, used by name
NO_BUS = "DBUS_SESSION_BUS_ADDRESS is not set"


def test_a_mistyped_week_is_said_in_the_language_and_logged_in_english(
        speaking_pseudo: None, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(NotAWeek) as raised:
        IsoWeek.parse("nope")
    assert str(raised.value) == pseudo("{text} is not an ISO week; write it as YYYY-Www, e.g. "
                                       "2026-W48").format(text="'nope'")
    assert raised.value.said == "'nope' is not an ISO week; write it as YYYY-Www, e.g. 2026-W48"
    with pytest.raises(NotAWeek, match="2026 has~ weeks~~ W01 to~ W53"):
        IsoWeek.parse("2026-W60")
    with pytest.raises(NotAWeek, match="1900-W01 to~ 9998-W53"):
        IsoWeek.parse("1066-W10")
    state = tmp_path / "weekly-review.json"
    state.write_text('{"shown": "2026-W60"}')
    state.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        assert load_shown_week(state) is None
    assert "'2026-W60' is not an ISO week: 2026 has weeks W01 to W53" in caplog.text
    assert OPEN not in caplog.text


def test_no_session_bus_is_english_for_the_log_and_translated_where_doctor_says_it(
        speaking_pseudo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    dbus = BusThread()
    try:
        with pytest.raises(ConnectionError) as raised:
            dbus.connection("session")
        assert str(raised.value) == NO_BUS  # the log's words
        shown_words = pseudo("{variable} is not set").format(
            variable="DBUS_SESSION_BUS_ADDRESS")
        assert shown(said(raised.value)) == shown_words
        dnd = LinuxDndBlocker(dbus, {"XDG_CURRENT_DESKTOP": "sway"}).reach_bus()
        assert dnd is not None and shown_words in dnd and NO_BUS not in dnd
    finally:
        dbus.close()


def test_doctor_names_blockers_in_the_language_and_json_keeps_their_english_names(
        speaking_pseudo: None) -> None:
    tried = [Probe.used("do not disturb", object(), "dunst's pause"),
             Probe.unavailable("screen sharing", "no PipeWire"),
             Probe.off("focused apps", "no apps listed")]
    check = blockers_check(tried, None)
    report = format_report([check], unicode=True)
    assert f"{pseudo('do not disturb')}: " in report and f"{pseudo('screen sharing')}: " in report
    assert "do not disturb:" not in report and "focused apps:" not in report
    assert f"{pseudo('nudges wait for {blockers}; nothing holds nudges back right now')}" \
        .replace("{blockers}", pseudo("do not disturb")) in " ".join(report.split())  # wrapped
    data = report_json([check])["checks"][0]
    assert [note.removeprefix(OPEN).split(":")[0] for note in data["notes"]] == [
        "do not disturb", "screen sharing", "focused apps"]
    assert data["detail"].startswith(OPEN) and "{blockers}" not in data["detail"]
    assert "for~ do not disturb;" in data["detail"]


def test_doctor_says_a_part_this_build_lacks_in_the_language(speaking_pseudo: None) -> None:
    absent = missing_module("tray", ImportError("gone", name="nudge.tray.backend"),
                            "nudge.tray.backend")
    broken = missing_module("tray", ImportError("No module named 'gi'", name="gi"),
                            "nudge.tray.backend")
    assert absent.detail.startswith(pseudo("not available in this build")[:-1])
    assert broken.detail.startswith(pseudo("cannot load: {error}")[:12])
    assert "ImportError: No module named 'gi'" in broken.detail


def _nudge(tmp_path: Path, language: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = language_env(tmp_path / "n", LANGUAGE=language, LANG="C.UTF-8",
                       PYTHONIOENCODING="utf-8")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("language", ["de", "fr"])
def test_a_mistyped_week_speaks_the_language(tmp_path: Path, language: str) -> None:
    done = _nudge(tmp_path, language, "summary", "--week", "nope")
    assert done.returncode == 2
    assert translated(language, "{text} is not an ISO week; write it as YYYY-Www, e.g. "
                                "2026-W48").format(text="'nope'") in done.stderr, done.stderr


@pytest.mark.parametrize("language", ["de", "ja"])
def test_doctor_without_a_session_bus_speaks_the_language(tmp_path: Path,
                                                          language: str) -> None:
    text = _nudge(tmp_path, language, "doctor").stdout
    assert translated(language, "{variable} is not set").format(
        variable="DBUS_SESSION_BUS_ADDRESS") in text, text
    for english in (NO_BUS, "do not disturb:", "screen sharing:", "focused apps:", "camera:"):
        assert english not in text, (english, text)
    notes = {note.split(":")[0] for check in json.loads(
        _nudge(tmp_path, language, "doctor", "--json").stdout)["checks"]
        if check["name"] == "blockers" for note in check["notes"]}
    assert {"do not disturb", "camera", "screen sharing"} <= notes, notes


@pytest.mark.parametrize("language", ["en", "de"])
def test_doctor_says_there_is_no_session_bus_once_per_line(tmp_path: Path,
                                                           language: str) -> None:
    """The tray line said "no D-Bus session bus (no D-Bus session bus here (…))", the
    activity line "no D-Bus session bus: no D-Bus session bus here (…)"."""
    words = "{variable} is not set"
    said = (words if language == "en" else translated(language, words)).format(
        variable="DBUS_SESSION_BUS_ADDRESS")
    text = _nudge(tmp_path, language, "doctor").stdout
    lines = [line for line in text.splitlines() if said in line]
    assert len(lines) >= 2, text  # the tray and the GNOME idle source at least
    for line in lines:  # why once, and "no D-Bus session bus" at most once (DND says it its way)
        assert line.count(said) == 1 and line.count("D-Bus") <= 1, line
