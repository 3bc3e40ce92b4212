"""`nudge doctor` says what is true here: a helper that is installed but gets no answer is not
"works", and each fix names the real first step."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env
from sound_server import SoundServer, require_tools

from nudge.cli.doctor import Check, format_report, report_json
from nudge.cli.doctor.mode import SEE, for_mode, ui_mode


def _doctor_json(env: dict[str, str]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return {c["name"]: c for c in json.loads(done.stdout)["checks"]}


def _private_session(nudge_home: Path, tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    (tmp_path / "user").mkdir()
    env = cli_env(nudge_home)
    env.update(XDG_RUNTIME_DIR=str(runtime), HOME=str(tmp_path / "user"),
               XDG_CONFIG_HOME=str(tmp_path / "user" / ".config"))
    env.pop("PULSE_SERVER", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def _microphone_note(checks: dict[str, dict]) -> str:
    return next(n for n in checks["blockers"]["notes"] if n.startswith("microphone: "))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pactl is the Linux microphone")
def test_the_microphone_works_only_when_a_sound_server_answers(nudge_home: Path,
                                                                tmp_path: Path):
    require_tools()
    env = _private_session(nudge_home, tmp_path)
    assert shutil.which("pactl")
    silent = _microphone_note(_doctor_json(env))  # pactl is installed; no server runs here
    assert silent.startswith("microphone: not here — ")
    assert "no sound server answers pactl" in silent
    server = SoundServer(env)
    try:
        assert _microphone_note(_doctor_json(env)).startswith("microphone: works — ")
    finally:
        server.close()


def test_only_daemons_known_to_draw_buttons_are_said_to_show_them():
    from nudge.cli.doctor import notification_daemon_check

    def daemon(server: str, actions: bool = True):
        return notification_daemon_check({"notifications": True, "server": server,
                                          "actions": actions}, "", "sudo apt install")

    for server in ("gnome-shell 46.0", "Plasma 6.0.4", "Xfce Notify Daemon 0.8.2"):
        assert "it shows the Done/Snooze/Skip buttons" in daemon(server).detail, server
    dunst = daemon("dunst 1.9.0")
    assert dunst.ok is True
    assert "dunst shows no buttons" in dunst.detail and "tray menu" in dunst.detail
    assert any("`dunstctl context`" in note and "dmenu" in note for note in dunst.notes)
    assert any("mouse_right_click = context" in note for note in dunst.notes)
    assert any("a plain click only closes the popup" in note for note in dunst.notes)
    mako = daemon("mako 1.8.0")
    assert "mako shows no buttons" in mako.detail
    assert any("makoctl menu" in note for note in mako.notes)
    unknown = daemon("somed 1.0")
    assert "shows the Done/Snooze/Skip buttons" not in unknown.detail
    assert "tray menu" in unknown.detail
    assert "no buttons" in daemon("gnome-shell 46.0", actions=False).detail


def _headless_env(nudge_home: Path, tmp_path: Path) -> dict[str, str]:
    env = _private_session(nudge_home, tmp_path)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-bus'}"
    return env


def test_headless_terminal_mode_counts_nothing_missing_that_it_does_not_need(nudge_home: Path,
                                                                             tmp_path: Path):
    env = _headless_env(nudge_home, tmp_path)
    checks = _doctor_json(env)
    assert checks["ui"]["detail"].startswith("terminal mode (no display here)")
    for name in ("desktop", "session bus", "tray", "tray host", "notifications",
                 "notification daemon", "activity", "lock and suspend"):
        if name in checks:
            assert checks[name]["ok"] is not False, (name, checks[name])
    assert "answered from the tray" not in checks["notifications"]["detail"]
    text = subprocess.run([sys.executable, "-m", "nudge", "doctor"],
                          env=env, capture_output=True,
                          text=True, timeout=60).stdout
    assert text.splitlines()[-1] == "Everything nudge needs in terminal mode is here.", text


BUS_DOWN = [
    Check("desktop", True, "XFCE, x11, DISPLAY=:1"),
    Check("session bus", False, "cannot connect", "start the session with a bus"),
    Check("tray", False, "none: no bus", f"{SEE}tray host"),
    Check("tray host", False, "cannot ask (no session bus)", f"{SEE}session bus"),
    Check("notifications", True, "plain: plain notifications through plyer, answered from "
          "the tray (no bus)", without_tray="plain: plain notifications through plyer, "
          "answered with `nudge done`, `nudge snooze` or `nudge skip` in a terminal (there is no "
          "tray here; `nudge status` "
          "shows what is due) (no bus)"),
    Check("notification daemon", False, "cannot ask (no session bus)", f"{SEE}session bus"),
]


def test_a_fix_is_said_once_and_the_lines_it_also_mends_name_that_line():
    """No session bus: the tray, its host, the notifications and their daemon all wait on it.
    Its fix is said once, on its line; each of the others names that line (never "see above",
    never two lines pointing at each other), and none of them says it works."""
    checks = {c.name: c for c in for_mode(BUS_DOWN, "tray", display=True)}
    for name in ("tray", "tray host", "notifications", "notification daemon"):
        assert checks[name].ok is False, name
        assert checks[name].fix == "first the session bus: its line says how", name
    assert not any(c.fix.startswith(SEE) for c in checks.values())
    text = " ".join(format_report(list(checks.values()), unicode=True).split())  # unwrapped
    assert text.count("start the session with a bus") == 1, text
    assert "see above" not in text and "line below" not in text and "see: " not in text
    assert "still come as notifications" not in text and "plyer" not in text
    assert "no notification can show" in checks["notifications"].detail
    assert "`nudge done|snooze|skip`" in checks["tray"].detail
    assert "need the session bus" in for_mode([Check("ui", None, "tray mode"), *BUS_DOWN],
                                              "tray", True)[0].detail
    fixed_host = [BUS_DOWN[0], Check("session bus", True, "connected"), BUS_DOWN[2],
                  Check("tray host", False, "no host", "add the Status Tray")]
    assert {c.name: c for c in for_mode(fixed_host, "tray", True)}["tray"].fix == \
        "first the tray host: its line says how"
    host_fine = [*fixed_host[:3], Check("tray host", True, "a host runs")]
    assert "nudge run --ui terminal" in \
        {c.name: c for c in for_mode(host_fine, "tray", True)}["tray"].fix


def test_without_a_tray_answers_are_said_to_go_to_the_terminal_commands():
    bus_up = [Check("session bus", True, "connected"), *BUS_DOWN[2:]]
    checks = {c.name: c for c in for_mode(bus_up, "tray", display=True)}
    assert "answered from the tray" not in checks["notifications"].detail
    assert "`nudge done`, `nudge snooze` or `nudge skip`" in checks["notifications"].detail
    assert "`nudge status`" in checks["notifications"].detail
    working_tray = [Check("tray", True, "statusnotifier"), BUS_DOWN[4]]
    kept = {c.name: c for c in for_mode(working_tray, "tray", display=True)}
    assert "answered from the tray" in kept["notifications"].detail


def test_without_a_tray_the_lines_switch_by_flag_whatever_their_words():
    """Doctor picks the tray-less wording by the line's own flag, not by matching English words,
    so a translated line switches too; the terminal-mode summary comes from the "ui" line's
    flag, not from how its detail starts."""
    translated = [Check("tray", False, "keine"),
                  Check("notifications", True, "plain: aus dem Tray beantwortet",
                        without_tray="plain: mit `nudge log rise` beantwortet")]
    checks = {c.name: c for c in for_mode(translated, "tray", display=True)}
    assert checks["notifications"].detail == "plain: mit `nudge log rise` beantwortet"
    ui = Check("ui", None, "Terminalmodus (kein Bildschirm)", terminal_mode=True)
    assert format_report([ui], unicode=True).endswith(
        "Everything nudge needs in terminal mode is here.")
    assert format_report([Check("ui", None, "terminal mode, said in a line")],
                         unicode=True).endswith("Everything nudge needs is here.")
    assert set(report_json([ui])["checks"][0]) == {"name", "ok", "detail", "fix", "notes"}


def test_a_daemon_without_buttons_says_where_answers_go_without_a_tray():
    from nudge.cli.doctor import notification_daemon_check

    for server in ("dunst 1.9.0", "mako 1.8.0", "somed 1.0"):
        check = notification_daemon_check({"notifications": True, "server": server,
                                           "actions": True}, "", "sudo apt install")
        assert "tray menu" in check.detail, server
        assert "`nudge done`, `nudge snooze` or `nudge skip`" in check.without_tray, server
        assert "tray menu" not in check.without_tray, server
        assert check.without_tray.startswith(server), server


def test_terminal_mode_with_a_display_still_wants_idle_time():
    broken = [Check("activity", False, "none", "install python-xlib"),
              Check("tray", False, "none", "add a panel")]
    checks = {c.name: c for c in for_mode(broken, "terminal", display=True)}
    assert checks["activity"].ok is False and checks["tray"].ok is None
    headless = {c.name: c for c in for_mode(broken, "terminal", display=False)}
    assert headless["activity"].ok is None and headless["activity"].fix == ""
    assert ui_mode("auto", display=False) == "terminal"
    assert ui_mode("auto", display=True) == "tray"
    assert ui_mode("terminal", display=True) == "terminal"
    assert ui_mode("tray", display=False) == "tray"  # the app refuses; desktop line says why


def test_a_desktop_without_a_session_bus_gets_one_story_and_the_fix_once(nudge_home: Path,
                                                                          tmp_path: Path):
    """The real doctor on a real X display with no session bus: no line says the tray or
    notifications work, and the bus's fix is printed once."""
    from desktop import DesktopSession, missing_tools

    if missing := missing_tools():
        pytest.skip(f"desktop tools missing: {missing}")
    (tmp_path / "desk").mkdir()
    desk = DesktopSession(tmp_path / "desk")
    try:
        desk.start_x()
        env = _private_session(nudge_home, tmp_path)
        env.update(DISPLAY=desk.display, XDG_CURRENT_DESKTOP="XFCE")
        checks = _doctor_json(env)
        text = " ".join(subprocess.run([sys.executable, "-m", "nudge", "doctor"], env=env,
                                       capture_output=True, text=True, timeout=60).stdout.split())
    finally:
        desk.close()
    assert checks["session bus"]["ok"] is False and "dbus-run-session" in \
        checks["session bus"]["fix"]
    for name in ("tray", "tray host", "notifications", "notification daemon"):
        assert checks[name]["ok"] is False, (name, checks[name])
        assert checks[name]["fix"] == "first the session bus: its line says how", name
    assert text.count("dbus-run-session") == 1, text
    assert "still come as notifications" not in text and "plyer" not in text, text
    assert "need the session bus" in checks["ui"]["detail"]
