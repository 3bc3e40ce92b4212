"""`nudge doctor`: the pure pieces (formatting, facts → checks) and the real command."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import cli_env

from nudge.app.instance import InstanceLock
from nudge.cli import doctor
from nudge.cli.doctor import (
    SECTIONS,
    Check,
    blockers_check,
    desktop_check,
    format_report,
    install_command,
    logind_check,
    notification_daemon_check,
    reconcile,
    report_json,
    run_probes,
    session_bus_check,
    tray_host_check,
    tray_host_fix,
)
from nudge.cli.doctor.tray import extension_roots
from nudge.paths import resolve_paths
from nudge.platform.probe import Probe

SAMPLE = [
    Check("nudge", True, "nudge 0.1.0, Python 3.11.2"),
    Check("tray host", False, "no StatusNotifier host — nothing shows icons",
          "add the Status Tray plugin (Panel → Items)"),
    Check("activity", True, "x11: idle time", notes=("tried gnome: not GNOME",)),
    Check("running", None, "nudge is not running", "start it with `nudge`"),
]


# -- formatting ---------------------------------------------------------------------------------
def test_report_marks_each_piece_and_shows_fixes_only_for_what_is_missing():
    text = format_report(SAMPLE, unicode=True)
    lines = text.splitlines()
    assert lines[2].startswith("✓ nudge ")
    assert lines[3].startswith("✗ tray host ")
    assert lines[4].strip() == "fix: add the Status Tray plugin (Panel → Items)"
    assert lines[5].startswith("✓ activity ")
    assert lines[6].strip() == "tried gnome: not GNOME"
    assert lines[7].startswith("• running ")
    assert "start it with `nudge`" in lines[8]  # information lines may carry a hint too
    assert lines[-1] == "1 thing missing: each ✗ line above says how to fix it."
    # Details line up in one column.
    assert lines[2].index("nudge 0.1.0") == lines[3].index("no StatusNotifier")


def test_report_in_plain_ascii_for_terminals_that_are_not_utf8():
    text = format_report(SAMPLE, unicode=False)
    text.encode("ascii")  # raises if anything slipped through
    assert "\nOK      nudge " in text
    assert "\nMISSING tray host " in text
    assert "\nINFO    running " in text
    assert "no StatusNotifier host - nothing shows icons" in text
    assert "(Panel -> Items)" in text


def test_all_good_summary():
    assert format_report([SAMPLE[0]], unicode=True).endswith("Everything nudge needs is here.")


def test_json_shape():
    data = report_json(SAMPLE)
    assert data["ok"] is False
    assert [c["name"] for c in data["checks"]] == ["nudge", "tray host", "activity", "running"]
    assert data["checks"][2]["notes"] == ["tried gnome: not GNOME"]
    assert data["checks"][3]["ok"] is None
    json.dumps(data)


# -- facts → checks ------------------------------------------------------------------------------
def test_desktop_without_a_display_points_to_the_terminal_ui():
    check = desktop_check("linux", {"XDG_CURRENT_DESKTOP": "XFCE"})
    assert check.ok is False and "--ui terminal" in check.fix
    ok = desktop_check("linux", {"XDG_CURRENT_DESKTOP": "GNOME", "XDG_SESSION_TYPE": "wayland",
                                 "WAYLAND_DISPLAY": "wayland-0"})
    assert ok.ok is True and ok.detail == "GNOME, wayland, WAYLAND_DISPLAY=wayland-0"


@pytest.mark.parametrize(("desktop", "expected"), [
    ("GNOME", "gnome-shell-extension-appindicator"),
    ("KDE", "System Tray widget"),
    ("XFCE", "Status Tray plugin"),
    ("LXQt", "Status Notifier widget"),
    ("X-Cinnamon", "XApp Status Applet"),
    ("MATE", "mate-indicator-applet"),
    ("sway", "waybar"),
    ("", "StatusNotifier"),
])
def test_tray_host_fix_per_desktop(desktop: str, expected: str, tmp_path: Path):
    assert expected in tray_host_fix(desktop, "sudo apt install", roots=[tmp_path])


def _install_extension(root: Path, extension_id: str) -> None:
    folder = root / extension_id
    folder.mkdir(parents=True)
    (folder / "metadata.json").write_text(json.dumps({"uuid": extension_id}))


@pytest.mark.parametrize("desktop", ["GNOME", "ubuntu:GNOME"])
def test_the_gnome_tray_fix_names_the_appindicator_extension_that_is_installed(
        desktop: str, tmp_path: Path):
    user, system = tmp_path / "user", tmp_path / "system"
    _install_extension(system, "ubuntu-appindicators@ubuntu.com")  # Debian 12's package
    fix = tray_host_fix(desktop, "sudo apt install", roots=[user, system])
    assert "`gnome-extensions enable ubuntu-appindicators@ubuntu.com`" in fix
    assert "rgcjonas" not in fix and "apt install" not in fix

    _install_extension(user, "appindicatorsupport@rgcjonas.gmail.com")  # the user's own
    fix = tray_host_fix(desktop, "sudo apt install", roots=[user, system])
    assert "`gnome-extensions enable appindicatorsupport@rgcjonas.gmail.com`" in fix

    nothing = tray_host_fix(desktop, "sudo apt install", roots=[tmp_path / "empty"])
    assert "`sudo apt install gnome-shell-extension-appindicator`" in nothing
    assert "ubuntu-appindicators@ubuntu.com" in nothing
    assert "appindicatorsupport@rgcjonas.gmail.com" in nothing


def test_extensions_are_looked_for_where_gnome_shell_looks():
    assert extension_roots({"XDG_DATA_HOME": "/h", "XDG_DATA_DIRS": "/a:/b"}) == [
        Path("/h/gnome-shell/extensions"), Path("/a/gnome-shell/extensions"),
        Path("/b/gnome-shell/extensions")]
    assert extension_roots({})[-1] == Path("/usr/share/gnome-shell/extensions")


def test_tray_host_states(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # no AppIndicator extension installed
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path))
    assert tray_host_check({"watcher": True, "host": True}, "XFCE", "apt").ok is True
    no_host = tray_host_check({"watcher": True, "host": False}, "GNOME", "sudo apt install")
    assert no_host.ok is False and "no panel has registered" in no_host.detail
    assert "gnome-shell-extension-appindicator" in no_host.fix
    assert tray_host_check({"watcher": False}, "KDE", "apt").ok is False
    assert "session bus" in tray_host_check({"error": "x"}, "KDE", "apt").fix


def test_a_missing_tray_host_is_only_information_when_the_tray_works_anyway():
    checks = [Check("tray", True, "pystray: XEmbed tray"), Check("tray host", False, "none", "x")]
    assert reconcile(checks)[1].ok is None
    broken = [Check("tray", False, "none"), Check("tray host", False, "none", "x")]
    assert reconcile(broken)[1].ok is False


def test_notification_daemon_states():
    missing = notification_daemon_check({"notifications": False, "activatable": False}, "XFCE",
                                        "sudo apt install")
    assert missing.ok is False
    assert "install a notification daemon: `sudo apt install dunst`" in missing.fix
    assert "xfce4-notifyd" in missing.fix
    running = notification_daemon_check({"notifications": True, "server": "dunst 1.9.0",
                                         "actions": True}, "", "apt")
    assert running.ok is True and "dunst 1.9.0" in running.detail and "buttons" in running.detail
    assert "Done/Snooze/Skip buttons" not in running.detail  # dunst draws none
    plain = notification_daemon_check({"notifications": True, "actions": False}, "", "apt")
    assert "tray menu" in plain.detail
    assert notification_daemon_check({"notifications": False, "activatable": True}, "",
                                     "apt").ok is True
    assert notification_daemon_check({"error": "no bus"}, "", "apt").ok is False


def test_session_bus_and_logind():
    assert session_bus_check({}, {}, "apt").ok is True
    no_bus = session_bus_check({"error": "refused"}, {"DISPLAY": ":0"}, "sudo apt install")
    assert no_bus.ok is False and "DBUS_SESSION_BUS_ADDRESS is unset" in no_bus.detail
    assert "dbus-user-session" in no_bus.fix and "dbus-run-session" in no_bus.fix
    headless = session_bus_check({"error": "refused"}, {}, "sudo apt install")
    assert "`nudge run --ui terminal` needs no bus" in headless.fix
    assert logind_check({"logind": True}, {"XDG_SESSION_ID": "3"}, "apt").ok is True
    missing = logind_check({"logind": False}, {}, "sudo apt install")
    assert missing.ok is False and "elogind" in missing.fix


DESCRIBED = [
    Probe.used("fullscreen", object(), "EWMH fullscreen state on X display :0: the active window"),
    Probe.used("do not disturb", object(),
               "dunst's pause and the notification server's Inhibited flag (KDE)"),
    Probe.unavailable("microphone", "pactl is not installed (package pulseaudio-utils), so the "
                                    "microphone cannot be seen"),
    Probe.off("camera", "turned off in the config ([blockers] camera = false)"),
    Probe.off("apps", "no apps listed ([blockers] apps = [])"),
]


def test_blockers_line_names_what_works_and_each_blocker_gets_a_note():
    check = blockers_check(DESCRIBED, None)
    assert check.ok is True
    assert check.detail == ("nudges wait for fullscreen, do not disturb; nothing holds nudges "
                            "back right now")
    assert check.notes == (
        "fullscreen: works — EWMH fullscreen state on X display :0: the active window",
        "do not disturb: works — dunst's pause and the notification server's Inhibited flag "
        "(KDE)",
        "microphone: not here — pactl is not installed (package pulseaudio-utils), so the "
        "microphone cannot be seen",
        "camera: off — turned off in the config ([blockers] camera = false)",
        "apps: off — no apps listed ([blockers] apps = [])")


def test_each_blocker_state_for_scripts_is_one_stable_english_word():
    failed = Probe.failed("screen sharing", "could not be set up (see the log)")
    check = blockers_check([*DESCRIBED, failed], None)
    assert [(state.name, state.state) for state in check.blockers] == [
        ("fullscreen", "works"), ("do not disturb", "works"), ("microphone", "not here"),
        ("camera", "off"), ("apps", "off"), ("screen sharing", "not here")]


def test_blockers_line_says_what_holds_a_nudge_back_now():
    check = blockers_check(DESCRIBED, "do not disturb is on (dunst is paused)")
    assert check.detail.endswith("a nudge would wait now: do not disturb is on (dunst is paused)")


def test_blockers_that_cannot_work_or_are_off_are_information_not_problems():
    nothing_works = blockers_check([DESCRIBED[2]], None)
    assert nothing_works.ok is None and "none of them work here" in nothing_works.detail
    all_off = blockers_check(DESCRIBED[3:], None)
    assert all_off.ok is None and all_off.detail.startswith("all turned off")
    noted = blockers_check(DESCRIBED, None, "the config file has problems: showing the defaults")
    assert noted.notes[-1] == "the config file has problems: showing the defaults"


def test_blockers_line_in_the_text_report():
    text = format_report([blockers_check(DESCRIBED, None)], unicode=False)
    text.encode("ascii")
    assert "\nOK      blockers  nudges wait for fullscreen" in text
    assert "          camera: off - turned off in the config" in text


@pytest.mark.parametrize(("os_release", "command"), [
    ('ID=debian\n', "sudo apt install"),
    ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', "sudo apt install"),
    ('ID=fedora\n', "sudo dnf install"),
    ('ID=manjaro\nID_LIKE=arch\n', "sudo pacman -S"),
    ('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', "sudo zypper install"),
    ('', "sudo apt install"),
])
def test_install_command_follows_the_distribution(os_release: str, command: str):
    assert install_command(os_release) == command


# -- never crash, never hang ---------------------------------------------------------------------
def test_a_probe_that_raises_or_hangs_becomes_its_own_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(doctor, "PROBE_SECONDS", 0.3)

    def broken(ctx: object) -> list[Check]:
        raise RuntimeError("boom")

    def slow(ctx: object) -> list[Check]:
        time.sleep(5)  # the scenario: a probe that hangs
        return []

    def fine(ctx: object) -> list[Check]:
        return [Check("nudge", True, "ok")]

    started = time.monotonic()
    checks, stuck = run_probes([(("tray",), broken), (("session bus", "tray host"), slow),
                                (("nudge",), fine)], None)
    assert time.monotonic() - started < 2
    assert stuck
    assert [(c.name, c.ok) for c in checks] == [
        ("tray", False), ("session bus", False), ("tray host", False), ("nudge", True)]
    assert "RuntimeError: boom" in checks[0].detail
    assert "did not answer within 0.3 s" in checks[1].detail
    assert "did not answer within 0.3 s" in checks[2].detail


# -- the real command ----------------------------------------------------------------------------
def doctor_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor", *args], env=env,
                          capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 15, "doctor must answer within a few seconds"
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 0, (done.stdout, done.stderr)
    return done


@pytest.fixture
def env(nudge_home: Path, tmp_path: Path) -> dict[str, str]:
    environment = cli_env(nudge_home)
    environment.update(XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
                       XDG_CONFIG_DIRS=str(tmp_path / "xdg-system"), PYTHONIOENCODING="utf-8")
    return environment


def test_doctor_prints_every_section(run_cli, env: dict[str, str]):
    run_cli("doctor", check_rc=0)  # the shared fixture's environment, too
    out = doctor_run(env).stdout
    for name in SECTIONS if sys.platform.startswith("linux") else ("nudge", "desktop"):
        assert any(line[2:].startswith(f"{name} ") for line in out.splitlines()), name
    assert re.fullmatch(r"Everything nudge needs( in terminal mode)? is here\.|"
                        r"\d+ things? missing: .*",
                        out.rstrip().splitlines()[-1])
    assert "fix: run `nudge autostart on`" in out
    assert "focused apps: off — no apps listed" in out


def test_doctor_json_is_valid_and_complete(env: dict[str, str], nudge_home: Path):
    data = json.loads(doctor_run(env, "--json").stdout)
    names = [c["name"] for c in data["checks"]]
    if sys.platform.startswith("linux"):
        assert names == list(SECTIONS)
    assert all(set(c) == {"name", "ok", "detail", "fix", "notes"} for c in data["checks"]
               if c["name"] != "blockers")
    by_name = {c["name"]: c for c in data["checks"]}
    assert set(by_name["blockers"]) == {"name", "ok", "detail", "fix", "notes", "blockers"}
    assert by_name["data"]["detail"].startswith(str(nudge_home / "data"))
    assert by_name["running"]["ok"] is None
    assert isinstance(data["ok"], bool)
    if sys.platform.startswith("linux"):
        assert by_name["blockers"]["ok"] in (True, None)
        assert any(note.startswith("camera: ") for note in by_name["blockers"]["notes"])


def test_doctor_in_an_ascii_terminal(env: dict[str, str]):
    env["PYTHONIOENCODING"] = "ascii"
    out = doctor_run(env).stdout
    out.encode("ascii")
    assert "\nOK      nudge " in out
    json.loads(doctor_run(env, "--json").stdout)


def test_doctor_sees_a_running_nudge_and_autostart(env: dict[str, str], nudge_home: Path):
    paths = resolve_paths({"NUDGE_HOME": str(nudge_home)})
    subprocess.run([sys.executable, "-m", "nudge", "autostart", "on"], env=env, check=True,
                   capture_output=True)
    with InstanceLock(paths.instance_lock):
        data = json.loads(doctor_run(env, "--json").stdout)
    by_name = {c["name"]: c for c in data["checks"]}
    assert by_name["running"]["ok"] is True
    assert f"process {os.getpid()}" in by_name["running"]["detail"]
    assert by_name["autostart"]["ok"] is True
    assert "nudge.desktop" in by_name["autostart"]["detail"]


def test_a_hung_probe_does_not_keep_doctor_alive(env: dict[str, str]):
    script = (
        "import sys, time\n"
        "from nudge.cli import doctor\n"
        "from nudge.paths import resolve_paths\n"
        "doctor.PROBE_SECONDS = 0.5\n"
        "doctor._probe_running = lambda ctx: time.sleep(60)\n"
        "sys.exit(doctor.run_doctor(resolve_paths(), as_json=True))\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=30)
    assert time.monotonic() - started < 10
    assert done.returncode == 0, done.stderr
    running = next(c for c in json.loads(done.stdout)["checks"] if c["name"] == "running")
    assert running["ok"] is False and "did not answer" in running["detail"]


def test_doctor_follows_the_blockers_config(env: dict[str, str], nudge_home: Path):
    config = nudge_home / "config" / "config.toml"
    config.write_text(config.read_text() + '\n[blockers]\ncamera = false\napps = ["fakezoom"]\n')
    data = json.loads(doctor_run(env, "--json").stdout)
    blockers = next(c for c in data["checks"] if c["name"] == "blockers")
    assert "camera: off — turned off in the config ([blockers] camera = false)" in \
        blockers["notes"]
    if sys.platform.startswith("linux"):
        assert "apps: works — running processes (/proc): fakezoom" in blockers["notes"]


def test_a_missing_module_fix_is_pip_in_a_venv_and_a_new_bundle_in_a_frozen_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nudge.cli.doctor.model import missing_module

    error = ImportError("No module named 'dbus_fast'", name="dbus_fast")
    monkeypatch.delattr(sys, "frozen", raising=False)
    check = missing_module("tray", error, "nudge.tray.backend")
    assert check.ok is False
    assert check.fix == f"`{sys.executable} -m pip install dbus-fast`"
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # what PyInstaller sets
    check = missing_module("tray", error, "nudge.tray.backend")
    assert check.ok is False and "pip" not in check.fix
    assert check.fix == ("reinstall or update the nudge app bundle: this build is missing "
                         "dbus-fast")


def test_a_bus_that_is_not_there_is_said_in_the_systems_words(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """"No such file or directory", as the activity line says it, not Python's
    "FileNotFoundError: [Errno 2] …" (the lock and suspend line said that)."""
    from nudge.cli.doctor.dbus_facts import ask, logind_facts

    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-bus'}")
    facts = ask(logind_facts, "system", 2.0)
    assert facts == {"error": os.strerror(errno.ENOENT)}
