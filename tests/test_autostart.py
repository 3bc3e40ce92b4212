"""Start at login: the XDG desktop entry, the Windows Run value and the macOS launch agent,
and `nudge autostart on|off|status` through the real CLI."""

from __future__ import annotations

import os
import plistlib
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env
from hypothesis import given
from hypothesis import strategies as st

from nudge.autostart import (
    AutostartError,
    UnsupportedAutostart,
    autostart_for_platform,
    launch_command,
    launch_commands,
    report,
)
from nudge.autostart.macos import LABEL, MacAutostart, agent_plist
from nudge.autostart.windows import (
    APPROVED_KEY,
    RUN_KEY,
    WindowsAutostart,
    disabled_by_user,
    run_command,
)
from nudge.autostart.xdg import XdgAutostart, desktop_entry, exec_value, parse_entry

COMMAND = ["/opt/nudge/bin/python", "-m", "nudge"]


# -- a reference reader for Exec, written from the Desktop Entry spec ---------------------------
def unescape_string(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars)
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[nxt])
        else:
            out.append(char)
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """String escapes first, then the quoting rules, then `%%` (the spec's order)."""
    text = unescape_string(value)
    args: list[str] = []
    current: list[str] | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if char == " ":
            if current is not None:
                args.append("".join(current))
                current = None
        elif char == '"':
            current = current if current is not None else []
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '"`$\\':
                    i += 1
                current.append(text[i])
                i += 1
        else:
            current = current if current is not None else []
            current.append(char)
        i += 1
    if current is not None:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


def xdg(tmp_path: Path, command: list[str] = COMMAND, env: dict[str, str] | None = None,
        system: Path | None = None, also: list[list[str]] | None = None) -> XdgAutostart:
    system_dirs = [system] if system else [tmp_path / "etc-xdg" / "autostart"]
    return XdgAutostart(tmp_path / "config" / "autostart", system_dirs,
                        [command, *(also or [])], env)


# -- XDG -------------------------------------------------------------------------------------
def test_enable_writes_a_readable_0644_desktop_entry_and_disable_removes_it(tmp_path: Path):
    autostart = xdg(tmp_path)
    assert not autostart.enabled()
    autostart.enable()
    path = tmp_path / "config" / "autostart" / "nudge.desktop"
    assert autostart.where == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    entry = parse_entry(path.read_text(encoding="utf-8"))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "nudge"
    assert entry["Comment"]
    assert entry["Icon"] == "nudge"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert entry["X-GNOME-Autostart-Delay"] == "10"
    assert split_exec(entry["Exec"]) == COMMAND
    assert autostart.enabled()
    assert autostart.registered_command() == autostart.wanted_command()
    assert [p.name for p in path.parent.iterdir()] == ["nudge.desktop"]  # no temp files left

    autostart.disable()
    assert not path.exists()
    assert not autostart.enabled()


def test_enable_and_disable_are_idempotent(tmp_path: Path):
    autostart = xdg(tmp_path)
    autostart.enable()
    before = autostart.path.stat()
    autostart.enable()
    after = autostart.path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    autostart.disable()
    autostart.disable()
    assert not autostart.enabled()


def test_disable_removes_only_our_file(tmp_path: Path):
    autostart = xdg(tmp_path)
    autostart.enable()
    other = autostart.path.parent / "other-app.desktop"
    other.write_text("[Desktop Entry]\nType=Application\nName=x\nExec=x\n", encoding="utf-8")
    autostart.disable()
    assert other.exists()
    assert not autostart.path.exists()


def test_exec_quotes_paths_with_spaces_and_reserved_characters(tmp_path: Path):
    command = ["/home/ann/My Programs/nudge env/bin/python", "-m", "nudge"]
    assert exec_value(command) == '"/home/ann/My Programs/nudge env/bin/python" -m nudge'
    tricky = ['/opt/a$b\\c"d`e%f']
    assert exec_value(tricky) == '"/opt/a\\\\$b\\\\\\\\c\\\\"d\\\\`e%%f"'
    assert split_exec(exec_value(tricky)) == tricky
    autostart = xdg(tmp_path, command)
    autostart.enable()
    entry = parse_entry(autostart.path.read_text(encoding="utf-8"))
    assert split_exec(entry["Exec"]) == command


ARGUMENT_CHARS = st.one_of(st.characters(blacklist_categories=("Cs", "Cc")),
                          st.sampled_from(' \t\n\r"\'\\$`%='))


@given(st.lists(st.text(ARGUMENT_CHARS, min_size=1), min_size=1, max_size=4))
def test_any_command_survives_the_exec_quoting(argv: list[str]):
    assert split_exec(exec_value(argv)) == argv


def test_nudge_home_is_carried_through_env(tmp_path: Path):
    value = exec_value(COMMAND, {"NUDGE_HOME": "/data/my nudge"})
    assert split_exec(value) == ["env", "NUDGE_HOME=/data/my nudge", *COMMAND]


@pytest.mark.parametrize("override", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_an_entry_switched_off_by_the_user_counts_as_disabled(tmp_path: Path, override: str):
    autostart = xdg(tmp_path)
    autostart.enable()
    text = autostart.path.read_text(encoding="utf-8").replace(
        "X-GNOME-Autostart-enabled=true", override)
    autostart.path.write_text(text, encoding="utf-8")
    assert not autostart.enabled()
    assert "switched off" in report(autostart).detail
    autostart.enable()  # "on" means on: our fresh file replaces the user's switch
    assert autostart.enabled()


def test_a_system_wide_entry_is_switched_off_with_a_hidden_override(tmp_path: Path):
    system = tmp_path / "etc-xdg" / "autostart"
    system.mkdir(parents=True)
    (system / "nudge.desktop").write_text(desktop_entry(["/usr/bin/nudge"]), encoding="utf-8")
    autostart = xdg(tmp_path, system=system)
    assert autostart.enabled()
    autostart.disable()
    assert not autostart.enabled()
    assert parse_entry(autostart.path.read_text(encoding="utf-8"))["Hidden"] == "true"
    assert (system / "nudge.desktop").exists()
    autostart.enable()
    assert autostart.enabled()


def test_a_stale_command_is_reported_with_the_fix(tmp_path: Path):
    xdg(tmp_path, ["/old/venv/bin/python", "-m", "nudge"]).enable()
    state = report(xdg(tmp_path))
    assert state.enabled
    assert "/old/venv/bin/python" in state.detail
    assert "nudge autostart on" in state.fix


def test_another_command_for_this_same_install_is_not_stale(tmp_path: Path):
    script = ["/opt/nudge/bin/nudge"]
    xdg(tmp_path, script).enable()  # e.g. written from a terminal with the venv on PATH
    from_tray = xdg(tmp_path, COMMAND, also=[script])  # the tray's PATH lacks the venv
    assert from_tray.is_current()
    assert report(from_tray).fix == ""
    from_tray.enable()  # no flip-flop between equivalent forms
    assert from_tray.registered_command() == "/opt/nudge/bin/nudge"


def test_a_write_failure_is_an_autostart_error_naming_the_file(tmp_path: Path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("not a folder", encoding="utf-8")
    autostart = xdg(tmp_path)
    with pytest.raises(AutostartError, match=r"nudge\.desktop") as caught:
        autostart.enable()
    assert isinstance(caught.value, OSError)  # the tray catches OSError


def test_folders_come_from_the_xdg_variables(tmp_path: Path):
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "NUDGE_HOME": str(tmp_path / "nh")}
    autostart = autostart_for_platform(env, "linux")
    assert autostart.where == str(tmp_path / "cfg" / "autostart" / "nudge.desktop")
    assert split_exec(autostart.wanted_command())[:2] == ["env", f"NUDGE_HOME={tmp_path}/nh"]
    relative = autostart_for_platform({"HOME": str(tmp_path), "XDG_CONFIG_HOME": "rel"}, "linux")
    assert relative.where == str(tmp_path / ".config" / "autostart" / "nudge.desktop")


def test_the_desktop_entry_passes_desktop_file_validate(tmp_path: Path):
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    path = tmp_path / "nudge.desktop"
    path.write_text(desktop_entry(["/opt/my apps/python", "-m", "nudge"], {"NUDGE_HOME": "/a b"}),
                    encoding="utf-8")
    menu_entry = (Path(__file__).resolve().parents[1] / "packaging" / "linux"
                  / "io.github.nudge.Nudge.desktop")
    for file in (path, menu_entry):
        done = subprocess.run(["desktop-file-validate", str(file)], capture_output=True,
                              text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout


# -- the command that starts this install -------------------------------------------------
def test_launch_command_for_frozen_builds_scripts_and_plain_installs(tmp_path: Path):
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = str(bin_dir / "python")
    assert launch_command(python, frozen=True) == [python]
    assert launch_command(python, frozen=False, which=lambda name: None) == [
        python, "-m", "nudge"]
    script = str(bin_dir / "nudge")
    assert launch_command(python, frozen=False, which=lambda name: script) == [script]
    elsewhere = tmp_path / "local" / "nudge"
    elsewhere.parent.mkdir()
    elsewhere.write_text(f"#!{bin_dir}/python3\nimport nudge\n", encoding="utf-8")
    assert launch_command(python, frozen=False, which=lambda name: str(elsewhere)) == [
        str(elsewhere)]
    elsewhere.write_text("#!/usr/bin/python3\nimport nudge\n", encoding="utf-8")
    assert launch_command(python, frozen=False, which=lambda name: str(elsewhere)) == [
        python, "-m", "nudge"]


def test_every_command_that_starts_this_install_is_accepted(tmp_path: Path):
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python, script = str(bin_dir / "python"), str(bin_dir / "nudge")
    assert launch_commands(python, frozen=False, which=lambda name: None) == [
        [python, "-m", "nudge"]]
    Path(script).write_text(f"#!{python}\n", encoding="utf-8")
    assert launch_commands(python, frozen=False, which=lambda name: None) == [
        [python, "-m", "nudge"], [script]]
    assert launch_commands(python, frozen=False, which=lambda name: script) == [
        [script], [python, "-m", "nudge"]]


def test_an_unsupported_platform_reads_off_and_refuses_on():
    autostart = autostart_for_platform({}, "plan9")
    assert isinstance(autostart, UnsupportedAutostart)
    assert not autostart.enabled()
    with pytest.raises(AutostartError, match="not supported"):
        autostart.enable()
    assert "not supported" in report(autostart).detail


# -- Windows ----------------------------------------------------------------------------------
def test_windows_command_uses_pythonw_beside_the_interpreter():
    assert run_command(r"C:\Program Files\Python311\python.exe", False, lambda p: True) == (
        r'"C:\Program Files\Python311\pythonw.exe" -m nudge')
    assert run_command(r"C:\venv\Scripts\python3.11.exe", False,
                       lambda p: p.endswith("pythonw3.11.exe")) == (
        r'"C:\venv\Scripts\pythonw3.11.exe" -m nudge')
    assert run_command(r"C:\py\python.exe", False, lambda p: False) == (
        r'"C:\py\python.exe" -m nudge')  # no pythonw: works, with a console window
    assert run_command(r"C:\py\pythonw.exe", False, lambda p: True) == (
        r'"C:\py\pythonw.exe" -m nudge')


def test_windows_command_for_a_frozen_build_is_the_exe_itself():
    assert run_command(r"C:\Program Files\nudge\nudge.exe", True) == (
        r'"C:\Program Files\nudge\nudge.exe"')


@pytest.mark.parametrize(("data", "disabled"), [
    (None, False), (b"", False), (bytes([2] + [0] * 11), False), (bytes([6] + [0] * 11), False),
    (bytes([3] + [1] * 11), True), (bytes([0x63, 0x60]), True)])
def test_task_managers_startup_switch(data: bytes | None, disabled: bool):
    assert disabled_by_user(data) is disabled


class FakeKey:
    def __init__(self, registry: FakeWinreg, path: str) -> None:
        self.registry, self.path = registry, path

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class FakeWinreg:
    """The few winreg calls the adapter makes (with winreg's CamelCase names), over a dict
    of {key path: {name: value}}."""

    HKEY_CURRENT_USER, KEY_READ, KEY_SET_VALUE, REG_SZ = "HKCU", 1, 2, 1

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, object]] = {}

    def CreateKeyEx(self, root, path, reserved, access):
        self.keys.setdefault(path, {})
        return FakeKey(self, path)

    def OpenKey(self, root, path, reserved, access):
        if path not in self.keys:
            raise FileNotFoundError(path)
        return FakeKey(self, path)

    def SetValueEx(self, key, name, reserved, kind, value):
        self.keys[key.path][name] = value

    def QueryValueEx(self, key, name):
        if name not in self.keys[key.path]:
            raise FileNotFoundError(name)
        return self.keys[key.path][name], 1

    def DeleteValue(self, key, name):
        if name not in self.keys[key.path]:
            raise FileNotFoundError(name)
        del self.keys[key.path][name]


def test_windows_enable_disable_and_the_users_off_switch():
    registry = FakeWinreg()
    autostart = WindowsAutostart(r"C:\py\python.exe", frozen=False, registry=registry)
    assert autostart.where.endswith(r"CurrentVersion\Run\nudge")
    assert not autostart.enabled()
    autostart.disable()  # nothing there: fine
    autostart.enable()
    assert registry.keys[RUN_KEY]["nudge"] == autostart.wanted_command()
    assert autostart.enabled() and autostart.is_current()
    registry.keys[RUN_KEY]["nudge"] = r'"D:\old\pythonw.exe" -m nudge'
    assert not autostart.is_current()
    autostart.enable()
    registry.keys[APPROVED_KEY] = {"nudge": bytes([3] + [0] * 11)}  # off in Task Manager
    assert not autostart.enabled()
    autostart.enable()
    assert "nudge" not in registry.keys[APPROVED_KEY]
    assert autostart.enabled()
    autostart.disable()
    assert "nudge" not in registry.keys[RUN_KEY]
    assert not autostart.enabled()


# -- macOS ------------------------------------------------------------------------------------
def test_the_launch_agent_starts_nudge_at_graphical_login():
    agent = plistlib.loads(agent_plist(COMMAND))
    assert agent == {"Label": LABEL, "ProgramArguments": COMMAND, "RunAtLoad": True,
                     "ProcessType": "Interactive", "LimitLoadToSessionType": "Aqua"}
    with_home = plistlib.loads(agent_plist(COMMAND, {"NUDGE_HOME": "/Users/a/n"}))
    assert with_home["EnvironmentVariables"] == {"NUDGE_HOME": "/Users/a/n"}


def test_macos_enable_disable_and_a_disabled_or_damaged_agent(tmp_path: Path):
    autostart = MacAutostart(tmp_path, [["/Applications/My Tools/py", "-m", "nudge"]])
    path = tmp_path / "Library" / "LaunchAgents" / "io.nudge.app.plist"
    assert autostart.where == str(path)
    assert not autostart.enabled()
    autostart.enable()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert autostart.enabled()
    assert autostart.registered_command() == autostart.wanted_command()
    assert "'/Applications/My Tools/py'" in autostart.registered_command()
    agent = plistlib.loads(path.read_bytes())
    path.write_bytes(plistlib.dumps({**agent, "Disabled": True}))
    assert not autostart.enabled()
    path.write_bytes(b"<plist>broken")
    assert not autostart.enabled()
    autostart.disable()
    autostart.disable()
    assert not path.exists()


# -- the CLI ------------------------------------------------------------------------------------
@pytest.fixture
def xdg_env(nudge_home: Path, tmp_path: Path) -> dict[str, str]:
    env = cli_env(nudge_home)
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
               XDG_CONFIG_DIRS=str(tmp_path / "xdg-system"), PATH=os.defpath)
    return env


def nudge(env: dict[str, str], *args: str, rc: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == rc, (done.stdout, done.stderr)
    return done


def test_cli_autostart_on_status_off(xdg_env: dict[str, str], tmp_path: Path,
                                     nudge_home: Path):
    entry = tmp_path / "xdg-config" / "autostart" / "nudge.desktop"
    assert "off" in nudge(xdg_env, "autostart").stdout
    assert "nudge autostart on" in nudge(xdg_env, "autostart", "status").stdout

    out = nudge(xdg_env, "autostart", "on").stdout
    assert "is now on" in out and str(entry) in out
    assert "already on" in nudge(xdg_env, "autostart", "on").stdout
    status = nudge(xdg_env, "autostart", "status").stdout
    assert "on —" in status and str(entry) in status

    # The written command really starts this install with the same NUDGE_HOME.
    argv = split_exec(parse_entry(entry.read_text(encoding="utf-8"))["Exec"])
    assert argv[:2] == ["env", f"NUDGE_HOME={nudge_home}"]
    started = subprocess.run([*argv, "config", "--path"], capture_output=True, text=True,
                             timeout=60, env={"PATH": os.defpath})
    assert started.stdout.strip() == str(nudge_home / "config" / "config.toml")

    assert "is now off" in nudge(xdg_env, "autostart", "off").stdout
    assert not entry.exists()
    assert "already off" in nudge(xdg_env, "autostart", "off").stdout


def test_cli_autostart_failure_and_bad_input(xdg_env: dict[str, str], tmp_path: Path):
    (tmp_path / "xdg-config").write_text("a file where a folder should be", encoding="utf-8")
    assert "cannot write" in nudge(xdg_env, "autostart", "on", rc=1).stderr
    assert "--help" in nudge(xdg_env, "autostart", "maybe", rc=2).stderr
