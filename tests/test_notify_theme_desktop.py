"""A nudge's picture follows the desktop's dark or light preference (issue #19), on a real
private session bus: a real stand-in portal process (tests/portal_stub.py, dbus-fast) answers
org.freedesktop.appearance color-scheme, and dunst's history shows which picture it got."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from notifiers import both, fdo_only
from test_notify_desktop import (  # noqa: F401 (fixtures)
    OFFER,
    RISE,
    Rig,
    activation,
    notifier_kind,
    rig,
)

from nudge.config.exercise_pictures import picture_file
from nudge.notify.notifications import picture_for
from nudge.platform.theme import DARK, LIGHT, DesktopTheme, scheme_theme

from desktop import wait_for

STUB = Path(__file__).with_name("portal_stub.py")


def shown_picture(on: Rig, count: int) -> str:
    """Show the nudge, close it, and give the file name of the picture dunst showed."""
    on.notifier.show(OFFER)
    on.wait_delivered("n1")
    on.delivered.clear()
    on.session.dunstctl("close")
    wait_for(lambda: on.notifier.on_screen is None, what="the dismissal to arrive")
    wait_for(lambda: len(on.history()) == count, what="the nudge in dunst's history")
    return Path(on.history()[0]["icon_path"]).name


class Portal:
    def __init__(self, on: Rig, value: int, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(STUB), str(value), *extra], env=on.session.env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline() == "ready\n"

    def change(self, value: int) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{value}\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == f"changed {value}\n"

    def close(self) -> None:
        self.process.kill()
        self.process.wait(5)


@pytest.fixture
def portal(rig: Rig, request: pytest.FixtureRequest) -> Iterator[Portal]:  # noqa: F811
    stub = Portal(rig, *request.param)
    yield stub
    stub.close()


@pytest.mark.parametrize("portal", [(1,), (1, "--old")], indirect=True, ids=["new", "old"])
@fdo_only("the portal is Linux's; desktop.py has no D-Bus to ask it, so it shows light here")
def test_a_dark_desktop_gets_the_dark_picture_and_a_change_is_followed(
        rig: Rig, portal: Portal) -> None:  # noqa: F811
    assert shown_picture(rig, 1) == "glute_rise-key-dark.png"
    portal.change(0)  # the user switched back to light: the portal's SettingChanged says so
    wait_for(lambda: shown_picture(rig, len(rig.history()) + 1) == "glute_rise-key-light.png",
             what="the light picture after the change")


@both
def test_without_a_portal_the_picture_is_light(rig: Rig) -> None:  # noqa: F811
    assert shown_picture(rig, 1) == "glute_rise-key-light.png"


@pytest.mark.parametrize(("theme", "name"), [(LIGHT, "glute_rise-key-light.png"),
                                             (DARK, "glute_rise-key-dark.png")])
def test_picture_for_takes_the_theme(theme: str, name: str) -> None:
    picture = picture_for(OFFER, "linux", theme)
    assert picture is not None and picture.name == name
    assert picture_for(OFFER, "win32", theme) == picture_file(RISE, theme)


def test_only_prefer_dark_is_dark_and_no_loop_is_light() -> None:
    import asyncio

    from dbus_fast import Variant

    assert [scheme_theme(Variant("u", n)) for n in (0, 1, 2)] == [LIGHT, DARK, LIGHT]
    assert scheme_theme(Variant("v", Variant("u", 1))) == DARK
    assert asyncio.run(DesktopTheme(None, "linux").current()) == LIGHT


@pytest.mark.parametrize("portal", [(1,)], indirect=True)
def test_doctor_says_which_pictures_it_sees(rig: Rig, portal: Portal,  # noqa: F811
                                            tmp_path: Path) -> None:
    from nudge.cli.doctor.model import Context
    from nudge.cli.doctor.notifications import probe_theme
    from nudge.paths import Paths

    paths = Paths(*(tmp_path / name for name in ("data", "config", "state", "logs")))
    context = Context(paths, rig.session.env, "linux", "", dbus=rig.dbus)
    check, _font = probe_theme(context)
    assert (check.name, check.ok) == ("pictures", None)
    assert check.detail == "dark ones: the desktop prefers dark (freedesktop portal color-scheme)"
    portal.close()  # no portal at all: light, and said so
    check, _font = probe_theme(context)
    assert check.detail.startswith("light ones: the desktop states no dark preference")
