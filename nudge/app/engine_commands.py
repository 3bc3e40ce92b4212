"""The running app as a command back end (`nudge.app.dispatch.Backend`): one command, at one
moment, acting on the engine's session and files. Engine thread only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.app.commands import TRY_PREFIX, AnswerNudge, LogRise, Reply
from nudge.app.engine_status import answer_reply, logged_reply, status_data, status_words
from nudge.app.requests import with_request
from nudge.app.try_nudge import answer_try, show_try
from nudge.core.activity import Moment
from nudge.core.decisions import Answer
from nudge.core.feedback import progress_words
from nudge.core.pauses import Pause
from nudge.core.status import farewell
from nudge.i18n import _

if TYPE_CHECKING:
    from nudge.app.engine import Engine


@dataclass
class EngineCommands:
    engine: Engine
    moment: Moment
    applies_later: bool = False  # a change applies at once

    def now(self) -> datetime:
        return self.moment.wall

    def current_pause(self) -> Pause | None:
        return self.engine.session.planner.pause

    def set_pause(self, pause: Pause | None) -> str:
        self.engine.apply(self.engine.session.set_pause(self.moment, pause))
        return self.engine.keep_pause(pause)

    def earlier_reply(self, request_id: str | None) -> Reply | None:
        return self.engine.requests.answer(request_id)

    def remember(self, request_id: str | None, reply: Reply) -> None:
        self.engine.requests.remember(request_id, reply)

    def log_rise(self, command: LogRise) -> Reply:
        session = self.engine.session
        try:
            decisions = session.log_manual(self.moment, command.exercise, command.reps)
        except KeyError:
            ids = ", ".join(e.id for e in session.catalogue.exercises)
            # Translators: {name} is the exercise id asked for, quoted; {ids} lists the known ids.
            return Reply(False, _("No exercise called {name}; known: {ids}.").format(
                name=repr(command.exercise), ids=ids))
        decisions = with_request(decisions, command.request_id)
        return logged_reply(decisions, self.engine.apply(decisions), self.engine.unsaved_reason,
                            session.catalogue)

    def status(self) -> Reply:
        status = self.engine.status(self.moment)
        return Reply(True, status_words(status), status_data(status))

    def answer(self, command: AnswerNudge) -> Reply:
        if command.nudge_id.startswith(TRY_PREFIX):
            return answer_try(self.engine, command.nudge_id)
        decisions = self.engine.session.answer(self.moment, command.nudge_id, command.answer,
                                               command.reps, command.snooze_seconds)
        saved = self.engine.apply(decisions)  # may hold a break the answer came after
        reply = answer_reply(command.answer, decisions, saved, self.engine.unsaved_reason,
                             self.engine.session.catalogue)
        if command.answer is Answer.DONE and reply.ok:  # a few words of progress (#20)
            session = self.engine.session
            done = session.planner.counts(self.moment).done
            goal = session.settings.goals.daily_rises
            tally = self.engine.tally
            total = tally.total(self.moment.wall.date(), done) if tally else None
            words = progress_words(done, goal, total, seed=done)
            if done >= goal:
                words = " ".join(filter(None, (words, self.engine.new_milestone(self.moment))))
            reply = Reply(True, reply.message, {**(reply.data or {}), "progress": words})
        return reply

    def quiet_hour_files(self) -> tuple[Path, Path]:
        engine = self.engine
        if engine.config_file is None or engine.quiet_hours_file is None:
            raise RuntimeError("the engine was built without its quiet-hour files")
        return engine.config_file, engine.quiet_hours_file

    def quiet_hour_answered(self, key: str) -> None:
        self.engine.learn_quiet_hour(None, self.moment, answered=key)

    def try_nudge(self) -> Reply:
        return show_try(self.engine)

    def reload_config(self) -> None:
        self.engine.reload_config()

    def quit(self) -> Reply:
        kept = self.engine.keep_unsaved()
        self.engine.on_quit()
        return Reply(True, farewell(self.moment.wall, self.engine.session.settings.schedule)
                     + kept)
