"""One answer, for every adapter family, to "can this work here, and why (not)?".

Activity sources, blockers, tray backends and notifiers are each chosen by trying candidates.
Every try ends in a `Probe`: its `Status` (used, off, unavailable, failed, skipped), one readable
line saying why (for the log and `nudge doctor`), the adapter when one was built, and what it can
do (`Capability`). Doctor and the app decide by these types, never by matching names or the
start of a sentence (the reasons are in the user's language). A candidate that cannot work here
raises `Unavailable` while it is set up; `attempt` turns that (and any crash) into a probe. Pure:
any thread, no imports beyond the standard library and nudge's words (`nudge.i18n`), so every
adapter family may import it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from nudge.i18n import N_, _, shown
from nudge.platform import error_words

T = TypeVar("T")
U = TypeVar("U")
log = logging.getLogger(__name__)


class Status(Enum):
    USED = "used"  # works here: built, and in use
    OFF = "off"  # the user's config turned it off: not a problem
    UNAVAILABLE = "unavailable"  # cannot work here: the reason says what is missing
    FAILED = "failed"  # its set-up (or, for doctor, its first check) crashed or errs now
    SKIPPED = "skipped"  # not tried: an earlier candidate was chosen, or it is not needed


# A probe's state as scripts read it (`nudge doctor --json`'s blocker states, which the
# settings window reads too): stable English words, whatever the language.
WORKS, OFF, NOT_HERE = "works", "off", "not here"


def state_word(status: Status) -> str:
    """WORKS when used, OFF when the config turned it off, else NOT_HERE (unavailable, failed
    or skipped)."""
    return WORKS if status is Status.USED else OFF if status is Status.OFF else NOT_HERE


class Capability(Enum):
    IDLE_TIME = "idle time"  # tells idle time apart from seated time
    SCREEN_LOCK = "screen lock"  # sees the screen lock
    INHIBITORS = "idle inhibitors"  # sees idle inhibitors (video players, calls)
    RESUME = "resume"  # signals a resume from suspend
    USES_DBUS = "D-Bus"  # works through the D-Bus session or system bus (gone with it)
    MENU = "menu"  # a tray with a menu the user can answer from
    BUTTONS = "buttons"  # notifications with Done/Snooze/Skip buttons


class Unavailable(Exception):
    """This candidate cannot work here; the message says why, for a person."""


@dataclass(frozen=True)
class Probe(Generic[T]):
    name: str
    status: Status
    reason: str  # one line: what it does when used, else why not
    adapter: T | None = None  # set when used (a picker may also hand back its null adapter)
    capabilities: frozenset[Capability] = frozenset()
    # The reason where no tray runs, for an adapter whose answers go to the tray menu ("": the
    # same). Doctor shows it when the tray is missing: a flag of the result, not a rewrite of
    # the reason's words (they are translated).
    without_tray: str = ""

    @staticmethod
    def used(name: str, adapter: U, reason: str,
             capabilities: frozenset[Capability] = frozenset(), without_tray: str = ""
             ) -> Probe[U]:
        return Probe(name, Status.USED, reason, adapter, capabilities, without_tray)

    @staticmethod
    def off(name: str, reason: str) -> Probe[U]:
        return Probe(name, Status.OFF, reason)

    @staticmethod
    def unavailable(name: str, reason: str) -> Probe[U]:
        return Probe(name, Status.UNAVAILABLE, reason)

    @staticmethod
    def failed(name: str, reason: str) -> Probe[U]:
        return Probe(name, Status.FAILED, reason)

    @staticmethod
    def skipped(name: str, reason: str) -> Probe[U]:
        return Probe(name, Status.SKIPPED, reason)

    @property
    def works(self) -> bool:
        return self.status is Status.USED

    @property
    def source(self) -> T | None:
        """The adapter, under the activity family's word for it (an activity source)."""
        return self.adapter

    def said(self) -> str:
        """The reason with the status in front, as doctor lists each candidate tried."""
        if self.status is Status.USED:
            # Translators: a candidate nudge uses here, in `nudge doctor`: "used: idle time…".
            return _("used: {reason}").format(reason=shown(self.reason))
        return shown(self.reason)


SET_UP_FAILED = N_("set-up failed: {why}")
PROBE_FAILED = N_("probe failed: {why}")


def attempt(name: str, make: Callable[[], Probe[T]], crashed: str = SET_UP_FAILED
            ) -> Probe[T]:
    """Run one candidate's set-up: an `Unavailable` becomes an unavailable probe and a crash a
    failed one (`crashed`, `SET_UP_FAILED` or `PROBE_FAILED`, says why); it never stops the
    other candidates."""
    try:
        return make()
    except Unavailable as why:
        return Probe.unavailable(name, error_words.message(why))  # an `English` one stays one
    except Exception as error:
        log.debug("%s: crashed", name, exc_info=True)
        return Probe.failed(name, _(crashed).format(why=error_words.reason(error)))


def install_fix(package: str) -> str:
    """How to add a missing Python package: pip into this Python, or, inside an app bundle
    (PyInstaller; its Python has no pip and is rebuilt with the bundle), a new bundle."""
    if getattr(sys, "frozen", False):
        return _("reinstall or update the nudge app bundle: this build is missing "
                 "{package}").format(package=package)
    return f"`{sys.executable} -m pip install {package}`"
