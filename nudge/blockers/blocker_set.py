"""`BlockerSet`: the blockers that work here, asked in order, each behind a guard.

The guard is what makes "a check never raises" true for the whole set: a detector that raises
(a bug, a vanished X server, a helper program that hangs) counts as "not blocking", and its
failure is logged once per streak of failures rather than on every tick.

`check()` runs on the engine thread (a probe's thread in `nudge doctor`), one call at a time;
`close()` once, when the config is rebuilt or at shutdown.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence

from nudge.blockers.base import Blocker, BlockerProbe, CheckFailed
from nudge.i18n import _, fold_spaces, shown
from nudge.platform.error_words import detail as _say
from nudge.platform.error_words import message
from nudge.platform.probe import Probe

log = logging.getLogger("nudge.blockers")
SLOW_SECONDS = 0.5  # a check slower than this is logged (once per blocker): it costs a tick


class GuardedBlocker:
    """Wraps one blocker: exceptions become None, logged at WARNING once per failure streak."""

    def __init__(self, blocker: Blocker) -> None:
        self.blocker = blocker
        self.name = blocker.name
        self._failing = False
        self._told_slow = False

    def check(self) -> str | None:
        started = time.monotonic()
        try:
            reason = self.blocker.check()
        except Exception as error:
            if not self._failing:
                self._failing = True
                log.warning("blocker %s: check failed, counting it as not blocking: %s",
                            self.name, _say(error), exc_info=log.isEnabledFor(logging.DEBUG))
            else:
                log.debug("blocker %s: still failing: %s", self.name, _say(error))
            return None
        if self._failing:
            self._failing = False
            log.info("blocker %s: works again", self.name)
        took = time.monotonic() - started
        if took > SLOW_SECONDS and not self._told_slow:
            self._told_slow = True
            log.info("blocker %s: one check took %.2f s", self.name, took)
        return reason if isinstance(reason, str) and reason else None

    def close(self) -> None:
        closer = getattr(self.blocker, "close", None)
        if callable(closer):
            with contextlib.suppress(Exception):
                closer()


class BlockerSet:
    """The blockers that work here, in the order they are asked (cheapest first).

    `check()` returns the first blocking reason, or None; it never raises, and it stops at the
    first blocker that answers, so the expensive ones run only when the cheap ones found
    nothing. `describe()` lists every blocker considered, built or not, for `nudge doctor`.
    Thread: `check()` from one thread at a time; `close()` once, at shutdown.
    """

    def __init__(self, candidates: Sequence[BlockerProbe] = (),
                 closers: Sequence[Callable[[], None]] = ()) -> None:
        self._candidates = list(candidates)
        self._guarded = [GuardedBlocker(c.adapter) for c in candidates
                         if c.works and c.adapter is not None]
        self._closers = list(closers)  # shared resources (the X connection), closed last

    @property
    def names(self) -> list[str]:
        return [blocker.name for blocker in self._guarded]

    def check(self) -> str | None:
        for blocker in self._guarded:
            reason = blocker.check()
            if reason is not None:
                return reason
        return None

    @property
    def probes(self) -> list[BlockerProbe]:
        """Every blocker considered, in the order they are asked."""
        return list(self._candidates)

    def describe(self) -> list[tuple[str, bool, str]]:
        """(name, available, why) for every blocker considered, in the order they are asked."""
        return [(c.name, c.works, c.reason) for c in self._candidates]

    def try_each(self) -> tuple[list[BlockerProbe], str | None]:
        """For `nudge doctor`: the probes, with each built blocker checked once and one whose
        check fails (e.g. pactl with no sound server) turned into a failed probe saying why;
        and the first blocking reason, as `check()` would give it."""
        tried: list[BlockerProbe] = []
        first: str | None = None
        for candidate in self._candidates:
            if not candidate.works or candidate.adapter is None:
                tried.append(candidate)
                continue
            try:
                reason = candidate.adapter.check()
            except Exception as error:  # CheckFailed says it for a person; others by type
                said = shown(message(error)) if isinstance(error, CheckFailed) else _say(error)
                # Translators: {watches} says what a blocker watches; {problem} why its check
                # fails (often a program's own words).
                tried.append(Probe.failed(candidate.name, _(
                    "{watches}, but its check fails now: {problem}").format(
                    watches=candidate.reason, problem=fold_spaces(said))))
                continue
            tried.append(candidate)
            if first is None and isinstance(reason, str) and reason:
                first = reason
        return tried, first

    def close(self) -> None:
        for blocker in self._guarded:
            blocker.close()
        for closer in self._closers:
            with contextlib.suppress(Exception):
                closer()
        self._closers.clear()
