"""What `nudge status`, the tray's line and the hints say to a person (the walkthrough's
findings): the hint names a command that exists, the start of work says today or tomorrow."""

from __future__ import annotations

import shlex

from nudge.cli.parser import build_parser
from nudge.hints import work_hours_hint


def test_the_work_hours_hint_names_the_settings_section_the_parser_accepts(tmp_path) -> None:
    hint = work_hours_hint(tmp_path / "config.toml", window=True)
    command = hint[hint.index("`") + 1:hint.rindex("`")]
    assert command == "nudge settings --section hours" and "config.toml" not in hint
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert (args.command, args.section) == ("settings", "hours")
    # No display, no window: then the file is where to change them.
    assert "config.toml" in work_hours_hint(tmp_path / "config.toml", window=False)
