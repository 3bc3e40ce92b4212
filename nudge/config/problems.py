"""What is wrong with a config file: `ConfigError`, holding every `Problem` found.

Each problem is said three ways: for the user (with the value), where it is (the table, key and
[[schedule.pauses]] entry, so a window puts it under its field whatever the language), and for
the log (in English, the key and the kind of problem only: a value may be personal, like a pause
named after a doctor). Raised by `nudge.config.schema.parse_config` and by the config's file
readers. Pure: any thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from nudge.i18n import _, ngettext


@dataclass(frozen=True)
class Problem:
    """One problem with the config file, and where it is. `line` is what `nudge config --check`
    prints, `words` the same without the file and the key (what a field shows under itself),
    `log` the problem in English without the value."""

    line: str
    words: str
    log: str
    table: str = ""  # "schedule", "schedule.work_hours", "schedule.pauses"; "": the whole file
    key: str = ""  # "rise_every", "tue", "day"; "": the table or the entry as a whole
    entry: int | None = None  # which [[schedule.pauses]] entry, counted from 0
    kind: str = ""  # the problem in English without the value ("is out of range"); "": unsaid

    @classmethod
    def whole_file(cls, line: str) -> Problem:
        """A problem with the file itself (it cannot be read, ...)."""
        return cls(line, line, line)


class ConfigError(ValueError):
    """A config file nudge cannot use. str() is one or two lines naming the file, key and fix;
    `placed` holds every problem found with where it is, `problems` their lines, and `warnings`
    the unknown keys seen on the way (so `nudge config --check` can show everything at once).
    `log_problems` and `log_warnings` are the same in English, the problems without the values,
    for the log."""

    def __init__(self, *problems: str | Problem, warnings: tuple[str, ...] = (),
                 log_warnings: tuple[str, ...] | None = None) -> None:
        self.placed = tuple(p if isinstance(p, Problem) else Problem.whole_file(p)
                            for p in problems)
        self.problems = tuple(problem.line for problem in self.placed)
        self.log_problems = tuple(problem.log for problem in self.placed)
        self.warnings = warnings
        self.log_warnings = warnings if log_warnings is None else log_warnings
        more = len(problems) - 1
        summary = self.problems[0] if problems else _("invalid config")
        if more > 0:
            summary += "\n" + ngettext("(and {n} more problem)", "(and {n} more problems)",
                                       more).format(n=more)
        super().__init__(summary)
