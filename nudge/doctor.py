"""`nudge doctor`: what works on this desktop, what is missing, and the exact fix for each.

Each probe is a small function returning `Check`s; `format_report` (text) and `report_json` are
pure. Doctor never crashes and never hangs: every probe runs in its own daemon thread under one
deadline (`PROBE_SECONDS`), D-Bus calls have their own shorter time-out (`DBUS_SECONDS`), and a
probe that raises or overruns becomes a ✗ line saying so.

Threads: `run_doctor` runs on the CLI's main thread; each probe on a short-lived daemon thread;
on Linux the tray/notifier/activity pickers share one `DbusLoop` thread, as in the app.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import platform as platform_module
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from typing import Any, TextIO

from nudge import __version__
from nudge.paths import Paths

log = logging.getLogger(__name__)

PROBE_SECONDS = 4.0  # all probes together; D-Bus activation of a broken daemon can hang
DBUS_SECONDS = 2.0
SECTIONS = ("nudge", "desktop", "session bus", "tray", "tray host", "notifications",
            "notification daemon", "activity", "lock and suspend", "blockers", "data", "config",
            "state",
            "logs", "running", "autostart")
_NULL_NAMES = frozenset({"none", "null", "no tray", "no notifications", ""})
_PIP_NAMES = {"PIL": "pillow", "dbus_fast": "dbus-fast", "Xlib": "python-xlib",
              "gi": "PyGObject", "desktop_notifier": "desktop-notifier"}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # True works; False missing or broken (see fix); None: for information
    detail: str
    fix: str = ""
    notes: tuple[str, ...] = field(default=())  # extra lines, e.g. each activity source tried


# -- output (pure) ---------------------------------------------------------------------------
def format_report(checks: Sequence[Check], unicode: bool) -> str:
    marks = {True: "✓", False: "✗", None: "•"} if unicode else {
        True: "OK", False: "MISSING", None: "INFO"}
    mark_width = max(len(m) for m in marks.values())
    name_width = max((len(c.name) for c in checks), default=0)
    indent = " " * (mark_width + name_width + 3)
    lines = ["nudge doctor: what works here, and how to fix what does not", ""]
    for check in checks:
        lines.append(f"{marks[check.ok]:<{mark_width}} {check.name:<{name_width}}  "
                     f"{check.detail}")
        lines += [f"{indent}{note}" for note in check.notes]
        if check.fix and check.ok is not True:
            lines.append(f"{indent}fix: {check.fix}")
    problems = sum(1 for c in checks if c.ok is False)
    lines.append("")
    lines.append("Everything nudge needs is here." if not problems else
                 f"{problems} thing{'s' if problems > 1 else ''} missing: "
                 f"each {marks[False]} line above says how to fix it.")
    text = "\n".join(lines)
    return text if unicode else to_ascii(text)


_ASCII = str.maketrans({"—": "-", "–": "-", "→": "->", "…": "...", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "•": "*", "✓": "OK", "✗": "MISSING"})


def to_ascii(text: str) -> str:
    """For terminals that are not UTF-8: common typography spelled out, anything else as "?"."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def report_json(checks: Sequence[Check]) -> dict[str, Any]:
    return {"nudge": __version__, "ok": all(c.ok is not False for c in checks),
            "checks": [{**asdict(c), "notes": list(c.notes)} for c in checks]}


def can_print_symbols(stream: TextIO) -> bool:
    try:
        "✓✗•".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# -- running ---------------------------------------------------------------------------------
def run_doctor(paths: Paths, as_json: bool = False, out: TextIO | None = None) -> int:
    """Print the report; 0 always (problems are in the report and in JSON's "ok")."""
    out = out or sys.stdout
    checks, stuck = collect_checks(paths)
    unicode = can_print_symbols(out)
    if as_json:
        print(json.dumps(report_json(checks), indent=2, ensure_ascii=not unicode), file=out)
    else:
        print(format_report(checks, unicode), file=out)
    if stuck:  # a probe thread is blocked in a call we cannot cancel: do not wait for it
        out.flush()
        logging.shutdown()
        os._exit(0)
    return 0


@dataclass
class _Context:
    paths: Paths
    env: Mapping[str, str]
    platform: str
    install: str  # "sudo apt install" or this distribution's equivalent
    dbus: Any = None  # nudge.dbus_loop.DbusLoop on Linux


Probe = Callable[[_Context], list[Check]]


def collect_checks(paths: Paths, env: Mapping[str, str] | None = None,
                   platform: str | None = None) -> tuple[list[Check], bool]:
    """All checks in `SECTIONS` order, and whether some probe overran the deadline."""
    ctx = _Context(paths, os.environ if env is None else env,
                   sys.platform if platform is None else platform, install_command())
    linux = ctx.platform.startswith("linux")
    if linux:
        try:
            from nudge.dbus_loop import DbusLoop

            ctx.dbus = DbusLoop()
        except Exception:
            log.exception("doctor: no D-Bus loop")
    probes: list[tuple[tuple[str, ...], Probe]] = [
        (("nudge",), _probe_python), (("desktop",), _probe_desktop), (("tray",), _probe_tray),
        (("notifications",), _probe_notifier), (("activity",), _probe_activity),
        (("blockers",), _probe_blockers),
        (("data", "config", "state", "logs"), _probe_paths), (("running",), _probe_running),
        (("autostart",), _probe_autostart)]
    if linux:
        probes += [(("session bus", "tray host", "notification daemon"), _probe_session_bus),
                   (("lock and suspend",), _probe_logind)]
    checks, stuck = run_probes(probes, ctx)
    if ctx.dbus is not None and not stuck:
        ctx.dbus.close()
    order = {name: i for i, name in enumerate(SECTIONS)}
    return reconcile(sorted(checks, key=lambda c: order.get(c.name, len(order)))), stuck


def reconcile(checks: Sequence[Check]) -> list[Check]:
    """A missing StatusNotifier host is no problem when the tray works another way (an XEmbed
    tray through pystray): then that line is for information only."""
    tray = next((c for c in checks if c.name == "tray"), None)
    if tray is None or tray.ok is not True:
        return list(checks)
    return [Check(c.name, None, f"{c.detail} (the tray works without one)", c.fix, c.notes)
            if c.name == "tray host" and c.ok is False else c for c in checks]


def run_probes(probes: Sequence[tuple[tuple[str, ...], Probe]], ctx: Any
               ) -> tuple[list[Check], bool]:
    """Run each `(sections, probe)` on its own daemon thread, all under one `PROBE_SECONDS`
    deadline. A probe that raises or overruns gives a ✗ line for each of its sections; the
    flag says whether some thread is still stuck (the caller must then not wait for it)."""
    results: list[list[Check] | None] = [None] * len(probes)

    def work(index: int, probe: Probe) -> None:
        try:
            results[index] = probe(ctx)
        except Exception as error:
            log.exception("doctor: the %s probe failed", "/".join(probes[index][0]))
            results[index] = [Check(name, False, f"could not check: {_say(error)}")
                              for name in probes[index][0]]

    threads = [threading.Thread(target=work, args=(i, probe), daemon=True,
                                name=f"nudge-doctor-{names[0]}")
               for i, (names, probe) in enumerate(probes)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PROBE_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    checks: list[Check] = []
    stuck = False
    for (names, _), result in zip(probes, results, strict=True):
        if result is None:
            stuck = True
            checks += [Check(name, False, f"did not answer within {PROBE_SECONDS:g} s",
                             "something in the desktop session does not answer (often the "
                             "notification daemon or the tray host): restart it, or log out "
                             "and in") for name in names]
        else:
            checks += result
    return checks, stuck


# -- probes ----------------------------------------------------------------------------------
def _probe_python(ctx: _Context) -> list[Check]:
    frozen = " (frozen build)" if getattr(sys, "frozen", False) else ""
    return [Check("nudge", True, f"nudge {__version__}{frozen}, Python "
                  f"{platform_module.python_version()} ({sys.executable})")]


def _probe_desktop(ctx: _Context) -> list[Check]:
    return [desktop_check(ctx.platform, ctx.env)]


def desktop_check(platform: str, env: Mapping[str, str]) -> Check:
    if platform == "win32":
        return Check("desktop", True, f"Windows {platform_module.release()}")
    if platform == "darwin":
        return Check("desktop", True, f"macOS {platform_module.mac_ver()[0]}")
    desktop = env.get("XDG_CURRENT_DESKTOP") or "unknown desktop (XDG_CURRENT_DESKTOP unset)"
    session = env.get("XDG_SESSION_TYPE") or "unknown session type"
    displays = [f"{name}={env[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if env.get(name)]
    if displays:
        return Check("desktop", True, f"{desktop}, {session}, {', '.join(displays)}")
    return Check("desktop", False, f"{desktop}, {session}, no display (DISPLAY and "
                 "WAYLAND_DISPLAY are unset)",
                 "run nudge from inside your desktop session; over SSH or on a text console "
                 "use `nudge run --ui terminal`")


def _probe_tray(ctx: _Context) -> list[Check]:
    try:
        from nudge.tray.backend import pick_tray
    except ImportError as error:
        return [_missing_module("tray", error, "nudge.tray.backend")]
    # The app waits a few seconds for a late tray host at login; doctor reports what is now.
    backend = _call_accepting(pick_tray, ctx.dbus, watcher_grace=0.0)
    name = str(getattr(backend, "name", type(backend).__name__))
    reason = str(getattr(backend, "reason", ""))
    closer = getattr(backend, "close", None)
    if callable(closer):
        closer()
    ok = name.lower() not in _NULL_NAMES
    return [Check("tray", ok, f"{name}: {reason}" if reason else name,
                  "" if ok else "see the tray host line below")]


def _probe_notifier(ctx: _Context) -> list[Check]:
    try:
        from nudge.notify import build_notifier
    except ImportError as error:
        return [_missing_module("notifications", error, "nudge.notify")]
    result = build_notifier(_ignore_command, ctx.dbus, lambda nudge_id, delivered: None)
    notifier, why = result if isinstance(result, tuple) else (result, "")
    name = str(getattr(notifier, "name", type(notifier).__name__))
    closer = getattr(notifier, "close", None)
    if callable(closer):
        closer()
    ok = name.lower() not in _NULL_NAMES
    return [Check("notifications", ok, f"{name}: {why}" if why else name,
                  "" if ok else "see the notification daemon line below")]


def _ignore_command(command: object) -> Future[Any]:
    from nudge.commands import Reply

    future: Future[Any] = Future()
    future.set_result(Reply(False, "nudge doctor does not run commands"))
    return future


def _probe_activity(ctx: _Context) -> list[Check]:
    from nudge.activity import pick_activity_source

    choice = _call_accepting(pick_activity_source, dbus=ctx.dbus, on_resume=lambda: None)
    source = choice.source
    name = str(getattr(source, "name", type(source).__name__))
    tried = [f"tried {n}: {r}" for n, r in getattr(choice, "tried", [])]
    closer = getattr(source, "close", None)
    if callable(closer):
        closer()
    if name != "none":
        return [Check("activity", True, f"{name}: {choice.reason}", notes=tuple(tried))]
    fix = ("idle time comes from X11 (python-xlib), GNOME's Mutter IdleMonitor, KDE's "
           "org.freedesktop.ScreenSaver or a Wayland compositor with ext-idle-notify-v1; the "
           "lines above say what each one lacked")
    if ctx.platform.startswith("linux") and not (ctx.env.get("DISPLAY")
                                                 or ctx.env.get("WAYLAND_DISPLAY")):
        fix = "run nudge from inside your desktop session (there is no display here)"
    return [Check("activity", False, f"{name}: {choice.reason}", fix, tuple(tried))]


def _probe_blockers(ctx: _Context) -> list[Check]:
    from nudge.blockers import BlockerSettings, build_blockers
    from nudge.config import ConfigError, load_config

    note = ""
    try:
        settings = load_config(ctx.paths.config_file).config.blockers
    except ConfigError:
        settings, note = BlockerSettings(), "the config file has problems: showing the defaults"
    blockers = build_blockers(settings, ctx.dbus, ctx.env, platform=ctx.platform)
    try:
        now = blockers.check()
    finally:
        blockers.close()
    return [blockers_check(blockers.describe(), now, note)]


def _probe_session_bus(ctx: _Context) -> list[Check]:
    facts = _run_async(_session_facts(), DBUS_SECONDS)
    desktop = ctx.env.get("XDG_CURRENT_DESKTOP", "")
    return [session_bus_check(facts, ctx.env, ctx.install),
            tray_host_check(facts, desktop, ctx.install),
            notification_daemon_check(facts, desktop, ctx.install)]


def _probe_logind(ctx: _Context) -> list[Check]:
    return [logind_check(_run_async(_logind_facts(), DBUS_SECONDS), ctx.env, ctx.install)]


def _probe_paths(ctx: _Context) -> list[Check]:
    paths = ctx.paths
    checks = []
    for name, folder in (("data", paths.data_dir), ("config", paths.config_dir),
                         ("state", paths.state_dir), ("logs", paths.log_dir)):
        if not folder.exists():
            checks.append(Check(name, None, f"{folder} (created when nudge first needs it)"))
        elif not os.access(folder, os.W_OK):
            checks.append(Check(name, False, f"{folder} is not writable",
                                f"chmod u+rwx '{folder}' (or fix its owner)"))
        else:
            checks.append(Check(name, None, str(folder)))
    config = checks[1]
    if not paths.config_file.exists():
        checks[1] = Check(config.name, config.ok, config.detail, config.fix, (
            f"{paths.config_file.name} not written yet: `nudge config --init` writes a "
            "commented one",))
    return checks


def _probe_running(ctx: _Context) -> list[Check]:
    from nudge.instance import UNKNOWN_PID, running_pid

    pid = running_pid(ctx.paths.instance_lock)
    if pid is None:
        return [Check("running", None, "nudge is not running; start it with `nudge`")]
    who = "" if pid == UNKNOWN_PID else f" (process {pid})"
    return [Check("running", True, f"nudge is running{who}")]


def _probe_autostart(ctx: _Context) -> list[Check]:
    from nudge.autostart import autostart_for_platform, report

    state = report(autostart_for_platform(ctx.env, ctx.platform))
    return [Check("autostart", True if state.enabled else None, state.detail, state.fix)]


# -- D-Bus facts (each returns a dict; "error" says why it could not ask) ----------------------
WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"
LOGIND = "org.freedesktop.login1"


async def _session_facts() -> dict[str, Any]:
    from dbus_fast import BusType

    facts: dict[str, Any] = {}
    bus = await _connect(BusType.SESSION)
    try:
        facts["watcher"] = await _has_owner(bus, WATCHER)
        if facts["watcher"]:
            facts["host"] = bool(await _get_property(
                bus, WATCHER, "/StatusNotifierWatcher", WATCHER,
                "IsStatusNotifierHostRegistered"))
        facts["notifications"] = await _has_owner(bus, NOTIFICATIONS)
        if facts["notifications"]:
            info = await _call(bus, NOTIFICATIONS, "/org/freedesktop/Notifications",
                               NOTIFICATIONS, "GetServerInformation")
            facts["server"] = f"{info[0]} {info[2]}".strip()
            facts["actions"] = "actions" in (await _call(
                bus, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS,
                "GetCapabilities"))[0]
        else:
            names = (await _call(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "ListActivatableNames"))[0]
            facts["activatable"] = NOTIFICATIONS in names
    finally:
        bus.disconnect()
    return facts


async def _logind_facts() -> dict[str, Any]:
    from dbus_fast import BusType

    bus = await _connect(BusType.SYSTEM)
    try:
        return {"logind": await _has_owner(bus, LOGIND)}
    finally:
        bus.disconnect()


async def _connect(bus_type: Any) -> Any:
    from dbus_fast.aio import MessageBus

    return await MessageBus(bus_type=bus_type).connect()


async def _call(bus: Any, destination: str, path: str, interface: str, member: str,
                signature: str = "", body: list[Any] | None = None) -> list[Any]:
    from dbus_fast import Message, MessageType

    reply = await bus.call(Message(destination=destination, path=path, interface=interface,
                                   member=member, signature=signature, body=body or []))
    if reply.message_type is MessageType.ERROR:
        raise RuntimeError(f"{member}: {reply.error_name}")
    return list(reply.body)


async def _has_owner(bus: Any, name: str) -> bool:
    return bool((await _call(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                             "org.freedesktop.DBus", "NameHasOwner", "s", [name]))[0])


async def _get_property(bus: Any, destination: str, path: str, interface: str,
                        prop: str) -> Any:
    reply = await _call(bus, destination, path, "org.freedesktop.DBus.Properties", "Get", "ss",
                        [interface, prop])
    return reply[0].value


def _run_async(coro: Coroutine[Any, Any, dict[str, Any]], timeout: float) -> dict[str, Any]:
    """Run `coro` on a private event loop; a failure or time-out becomes {"error": why}."""
    try:
        return asyncio.run(asyncio.wait_for(coro, timeout))
    except TimeoutError:
        return {"error": f"no answer within {timeout:g} s"}
    except Exception as error:
        return {"error": _say(error)}


# -- turning facts into checks (pure) ----------------------------------------------------------
def session_bus_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if "error" not in facts:
        return Check("session bus", True, "connected")
    unset = "" if env.get("DBUS_SESSION_BUS_ADDRESS") else " (DBUS_SESSION_BUS_ADDRESS is unset)"
    return Check("session bus", False, f"cannot connect: {facts['error']}{unset}",
                 "run nudge from inside your desktop session; if the desktop has no session "
                 f"bus, `{install} dbus-user-session` and log in again")


def tray_host_check(facts: Mapping[str, Any], desktop: str, install: str) -> Check:
    if "error" in facts:
        return Check("tray host", False, "cannot ask (no session bus)",
                     "fix the session bus first (see above)")
    if facts.get("watcher") and facts.get("host"):
        return Check("tray host", True, "a StatusNotifier host is running: the panel can show "
                     "nudge's icon")
    what = ("a StatusNotifierWatcher runs but no panel has registered as a host"
            if facts.get("watcher") else "no StatusNotifier host on the session bus")
    return Check("tray host", False, what, tray_host_fix(desktop, install))


def tray_host_fix(desktop: str, install: str) -> str:
    names = {part.strip().lower() for part in desktop.split(":")}
    if "ubuntu" in names and "gnome" in names:
        return ("turn on Ubuntu AppIndicators: `gnome-extensions enable "
                "ubuntu-appindicators@ubuntu.com` (or in the Extensions app)")
    if "gnome" in names:
        return (f"GNOME has no tray of its own: `{install} gnome-shell-extension-appindicator`, "
                "log out and in, then `gnome-extensions enable "
                "appindicatorsupport@rgcjonas.gmail.com`")
    if "kde" in names:
        return "add the System Tray widget to a panel (right-click the panel → Add Widgets)"
    if "xfce" in names:
        return ("add the Status Tray plugin to a panel (Panel → Panel Preferences → Items → "
                "+ → Status Tray Plugin)")
    if "lxqt" in names:
        return "add the Status Notifier widget to the panel (right-click it → Manage Widgets)"
    if "x-cinnamon" in names or "cinnamon" in names:
        return "add the XApp Status Applet to the panel (right-click it → Applets)"
    if "mate" in names:
        return (f"`{install} mate-indicator-applet`, then add the Indicator Applet Complete "
                "to a panel")
    return ("use a panel with a StatusNotifier (AppIndicator) tray, e.g. waybar's `tray` "
            "module, the Xfce panel's Status Tray, or KDE's System Tray; meanwhile "
            "`nudge run --ui terminal` works anywhere")


def notification_daemon_check(facts: Mapping[str, Any], desktop: str, install: str) -> Check:
    if "error" in facts:
        return Check("notification daemon", False, "cannot ask (no session bus)",
                     "fix the session bus first (see above)")
    if facts.get("notifications"):
        buttons = ("it shows the Done/Snooze/Skip buttons" if facts.get("actions") else
                   "it shows no buttons: answer nudges from the tray menu")
        return Check("notification daemon", True, f"{facts.get('server') or 'running'}; "
                     f"{buttons}")
    if facts.get("activatable"):
        return Check("notification daemon", True, "not running yet; D-Bus starts it with the "
                     "first notification")
    own = " (or xfce4-notifyd, Xfce's own)" if "xfce" in desktop.lower() else \
        " (or your desktop's own)"
    return Check("notification daemon", False, "nothing shows notifications on this desktop",
                 f"install a notification daemon: `{install} dunst`{own}, then log out and in")


def logind_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if facts.get("logind"):
        session = env.get("XDG_SESSION_ID")
        where = f" (session {session})" if session else \
            " (this shell is not in a login session: XDG_SESSION_ID is unset)"
        return Check("lock and suspend", True, f"logind answers: nudge sees screen lock and "
                     f"suspend{where}")
    why = (f"cannot reach the system bus: {facts['error']}" if "error" in facts else
           "org.freedesktop.login1 is not on the system bus")
    return Check("lock and suspend", False, f"no logind ({why}); locked or sleeping time is "
                 "only noticed through idle time",
                 f"on systems without systemd, `{install} elogind` and reboot; in a container "
                 "this is expected")


def blockers_check(described: Sequence[tuple[str, bool, str]], now: str | None,
                   note: str = "") -> Check:
    """One line for what can hold a due nudge back, and one note per blocker: works (and what
    it watches), turned off in the config, or why it cannot work here."""
    from nudge.blockers import is_off

    wanted = [(name, ok, why) for name, ok, why in described if not is_off(why)]
    working = [name for name, ok, _ in wanted if ok]
    notes = [f"{name}: " + ("off — " if is_off(why) else "works — " if ok else "not here — ")
             + why for name, ok, why in described]
    if note:
        notes.append(note)
    if not wanted:
        return Check("blockers", None, "all turned off: nudges never wait for a call, a game "
                     "or a presentation", notes=tuple(notes))
    if not working:
        return Check("blockers", None, "none of them work here: nudges never wait for a call, "
                     "a game or a presentation (the lines below say why)", notes=tuple(notes))
    status = f"a nudge would wait now: {now}" if now else "nothing holds nudges back right now"
    return Check("blockers", True, f"nudges wait for {', '.join(working)}; {status}",
                 notes=tuple(notes))


# -- small helpers ---------------------------------------------------------------------------
def _call_accepting(function: Callable[..., Any], *args: Any, **optional: Any) -> Any:
    """Call `function(*args, **optional)`, leaving out the keywords it does not take (the
    pickers' signatures grow as desktops are added; doctor should not break when they do)."""
    import inspect

    parameters = inspect.signature(function).parameters
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        optional = {k: v for k, v in optional.items() if k in parameters}
    return function(*args, **optional)


def _missing_module(section: str, error: ImportError, module: str) -> Check:
    if error.name == module:
        return Check(section, None, "not available in this build (nudge runs in the terminal: "
                     "`nudge run --ui terminal`)")
    package = _PIP_NAMES.get((error.name or "").split(".")[0], error.name or "?")
    return Check(section, False, f"cannot load: {_say(error)}",
                 f"`{sys.executable} -m pip install {package}`")


def install_command(os_release: str | None = None) -> str:
    """"sudo apt install" or this distribution's equivalent, from /etc/os-release."""
    if os_release is None:
        try:
            with open("/etc/os-release", encoding="utf-8") as file:
                os_release = file.read()
        except OSError:
            os_release = ""
    ids: list[str] = []
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids += value.strip().strip('"').lower().split()
    for family, command in (("debian", "sudo apt install"), ("ubuntu", "sudo apt install"),
                            ("fedora", "sudo dnf install"), ("rhel", "sudo dnf install"),
                            ("arch", "sudo pacman -S"), ("suse", "sudo zypper install"),
                            ("opensuse", "sudo zypper install"), ("alpine", "sudo apk add")):
        if family in ids:
            return command
    return "sudo apt install"


def _say(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
