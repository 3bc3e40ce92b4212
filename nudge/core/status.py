"""The app's state in one value, and the status line every UI shows (in the user's language)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from nudge.core.decisions import NudgeOffer
from nudge.core.durations import format_minutes
from nudge.core.i18n import N_, _, formats, ngettext, pgettext, shown
from nudge.core.pacing import Run
from nudge.core.quiet_hours import QuietHour
from nudge.core.settings import Schedule


class Phase(StrEnum):
    SITTING = "sitting"  # counting towards the next nudge
    DUE = "due"  # due, waiting for a pause in typing
    ON_SCREEN = "pending"  # a nudge is on screen, pending an answer ("pending" on the wire)
    PENDING = "pending"  # an alias of ON_SCREEN, the older name the UIs still use
    DEFERRED = "deferred"  # due, but held while the user must not be interrupted
    SNOOZED = "snoozed"
    PAUSED = "paused"
    AWAY = "away"
    OFF_HOURS = "off_hours"
    STARTING = "starting"  # no activity sample yet


@dataclass(frozen=True)
class Status:
    phase: Phase
    seated_seconds: float
    next_in_seconds: float | None  # until the next nudge would be due
    next_name: str | None  # e.g. "rise", "hip-flexor break"
    progress: float  # 0..1, how far the seated stretch is towards the next nudge
    offer: NudgeOffer | None = None
    paused_until: datetime | None = None
    done_today: int = 0
    held_by: str | None = None  # DEFERRED: why, English (the JSON); an English shows translated
    next_work_start: datetime | None = None  # OFF_HOURS: when nudges can next begin
    spaced_after: str | None = None  # SITTING: spaced out after "2 skips" (English: the JSON)
    quiet_hour: QuietHour | None = None  # a learned quiet hour to offer as a pause (#20)
    spacing: Run | None = None  # SITTING: the run that spaces the next nudge out, for the line
    today: date | None = None  # the local day of the moment described: "today 08:00" or "Mon"
    reps_today: int = 0  # as every report counts them (`summary_counts.counted_reps`)

    def line(self) -> str:
        """One short line, e.g. `Seated 23 min · next rise in 7 min`, in the user's language."""
        seated = _("Seated {time}").format(time=format_minutes(self.seated_seconds))
        if self.phase is Phase.ON_SCREEN and self.offer is not None:
            return _("Time for: {title}").format(title=self.offer.title)
        said = _SAID.get(self.next_name or "nudge", _SAID["nudge"])
        if self.phase is Phase.DEFERRED:
            # Translators: {why} is what holds the nudge back, e.g. "a fullscreen window".
            why = shown(self.held_by) if self.held_by else pgettext("held by", "busy")
            return _joined(seated, _(said.held).format(why=why))
        if self.phase is Phase.DUE:
            return _joined(seated, _(said.due))
        if self.phase is Phase.SNOOZED and self.next_in_seconds is not None:
            return _("Snoozed · back in {time}").format(
                time=format_minutes(self.next_in_seconds))
        if self.phase is Phase.PAUSED:
            if self.paused_until is None:
                return _("Paused until you resume")
            return _("Paused until {time}").format(time=f"{self.paused_until:%H:%M}")
        if self.phase is Phase.AWAY:
            return _("Away from the desk")
        if self.phase is Phase.OFF_HOURS:
            if self.next_work_start is None:
                return _("Outside work hours · no work hours are set")
            return work_start_line(self.next_work_start, self.today)
        if self.phase is Phase.STARTING:
            return _("Starting…")
        if self.next_in_seconds is None:
            return seated
        line = _joined(seated, _(said.next).format(time=format_minutes(self.next_in_seconds)))
        if self.spacing is None or not self.spacing.length:
            return line
        # Translators: {line} is the status line; {spacing} says why the next nudge comes
        # later, e.g. "spaced out after 2 skips".
        return _("{line} — {spacing}").format(line=line, spacing=self.spacing.spaced_out())


def today_line(rises: int, reps: int) -> str:
    """Today's rises and reps as `nudge status` says them, the app running or not."""
    # Translators: in `nudge status`; {rises} is e.g. "3 rises", {reps} e.g. "24 reps".
    return _("Today: {rises} done, {reps}.").format(
        rises=ngettext("{n} rise", "{n} rises", rises).format(n=rises),
        reps=ngettext("{n} rep", "{n} reps", reps).format(n=reps))


def today_data(rises: int, reps: int) -> dict[str, object]:
    """The same for `nudge status --json`, the app running or not."""
    return {"done_today": rises, "reps_today": reps}


def work_start_line(start: datetime, today: date | None) -> str:
    """Outside work hours, when nudges begin: "today 08:00" or "tomorrow 08:00" seen from
    `today` (the local day now), a weekday name only when it is further away (or `today` is
    not known)."""
    time = f"{start:%H:%M}"
    if today is not None and start.date() == today:
        # Translators: {time} is a clock time ("08:00") later today.
        return _("Outside work hours · next nudges today from {time}").format(time=time)
    if today is not None and start.date() == today + timedelta(days=1):
        # Translators: {time} is a clock time ("08:00") tomorrow.
        return _("Outside work hours · next nudges tomorrow from {time}").format(time=time)
    # Translators: {day} is a short weekday name ("Mon"), {time} a clock time ("09:00").
    return _("Outside work hours · next nudges from {day} {time}").format(
        day=formats().weekday(start.date()), time=time)


def farewell(now: datetime, schedule: Schedule) -> str:
    """What `nudge quit` says at `now` (aware, local): when the nudges would start again, so
    "See you tomorrow" is not said at 07:00 before a workday that starts at 08:00."""
    if schedule.is_work_time(now):
        return _("nudge is quitting. Start it again with `nudge` for more nudges today.")
    start = schedule.next_work_start(now)
    if start is None or start.date() == now.date() + timedelta(days=1):
        return _("nudge is quitting. See you tomorrow.")
    if start.date() == now.date():
        # Translators: {time} is when today's work hours start, e.g. "08:00".
        return _("nudge is quitting. See you at {time}.").format(time=f"{start:%H:%M}")
    # Translators: {day} is a short weekday name ("Mon"), {time} a clock time ("08:00").
    return _("nudge is quitting. See you {day} at {time}.").format(
        day=formats().weekday(start.date()), time=f"{start:%H:%M}")


@dataclass(frozen=True)
class _Said:
    held: str  # with {why}
    due: str
    next: str  # with {time}


# The status line's words for each kind of nudge (`planner_rules.NAMES`, English in JSON).
_SAID = {
    "rise": _Said(N_("rise held: {why}"), N_("rise at your next pause"),
                  N_("next rise in {time}")),
    "hip-flexor break": _Said(N_("hip-flexor break held: {why}"),
                              N_("hip-flexor break at your next pause"),
                              N_("next hip-flexor break in {time}")),
    "activation check": _Said(N_("activation check held: {why}"),
                              N_("activation check at your next pause"),
                              N_("next activation check in {time}")),
    "progression": _Said(N_("progression held: {why}"), N_("progression at your next pause"),
                         N_("next progression in {time}")),
    "nudge": _Said(N_("nudge held: {why}"), N_("nudge at your next pause"),
                   N_("next nudge in {time}")),
}


def _joined(seated: str, what: str) -> str:
    # Translators: the status line's two parts: "Seated 23 min · next rise in 7 min".
    return _("{seated} · {what}").format(seated=seated, what=what)
