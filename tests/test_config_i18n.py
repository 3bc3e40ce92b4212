"""Config and exercise problems in the user's language: the settings window and the welcome
put each problem under its field by where it is, not by its English words; `nudge config
--check` says the same in English as before; the log gets English whatever the language."""

from __future__ import annotations

from pathlib import Path

import pytest
from pseudo_language import OPEN, speaking_pseudo

from nudge.app.startup import load_startup
from nudge.config import check_config
from nudge.core.catalogue import CatalogueError, parse_catalogue
from nudge.paths import resolve_paths
from nudge.windows.first_run import Answers, answer_problems
from nudge.windows.settings_doc import PAUSES, SettingsDocument, day_id

__all__ = ["speaking_pseudo"]  # the fixture, used by name

BAD = """\
[schedule]
rise_every = "3x"
my_own_key = 1

[schedule.work_hours]
tue = "18:00-08:00"

[[schedule.pauses]]
day = "wed"
hours = "14:00-15:00"

[[schedule.pauses]]
day = "thu"
hours = "14:00"

[[schedule.pauses]]
day = "fri"
"""


def test_config_check_says_the_same_english_words(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(BAD)
    assert check_config(config) == [
        f'{config}: [schedule] rise_every = "3x" is not a duration; write it like 20s, 30m, '
        "1h30m",
        f'{config}: [schedule.work_hours] tue = "18:00-08:00" has 18:00-08:00, which does not '
        'end after it starts; write "08:00-18:00", several ranges like "08:00-12:00, '
        '13:00-17:30", or "off"',
        f'{config}: [[schedule.pauses]] entry 2: hours = "14:00" has "14:00", which is not a '
        'range of two times; write it like "14:00-15:00"',
        f'{config}: [[schedule.pauses]] entry 3: has no hours; write day = "tue" and hours = '
        '"14:00-15:00"',
        f"{config}: unknown key my_own_key in [schedule] (ignored)",
    ]


@pytest.mark.usefixtures("speaking_pseudo")
def test_each_problem_is_under_its_field_in_another_language(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(BAD)

    problems = SettingsDocument(config).problems()

    assert set(problems) == {"schedule.rise_every", day_id("tue"), f"{PAUSES}.1", f"{PAUSES}.2"}
    assert all(words.startswith(OPEN) for words in problems.values()), problems
    assert '"3x"' in problems["schedule.rise_every"]
    assert "hours" in problems[f"{PAUSES}.1"] and '"14:00"' in problems[f"{PAUSES}.1"]


@pytest.mark.usefixtures("speaking_pseudo")
def test_the_welcome_puts_its_problems_under_its_two_fields_in_another_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()

    found = answer_problems(paths, Answers(work_hours="9 to 5", rise_every="often"))

    assert set(found) == {"work_hours", "rise_every"}
    assert all(words.startswith(OPEN) for words in found.values()), found


@pytest.mark.usefixtures("speaking_pseudo")
def test_the_log_gets_english_while_the_user_reads_their_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text('[schedule]\nrise_evry = "30m"\n')
    paths.user_exercises_file.write_text(
        '[[exercise]]\nid = "glute_rise"\nname = "Mine"\ncues = ["Up.", "Down."]\nreps = 5\n'
        'kind = "rise"\nwhere = "chair"\npicture = "missing.png"\n')

    startup = load_startup(paths)

    assert len(startup.notes) == 2 and all(OPEN in note for note in startup.notes)
    assert startup.log_notes == [
        f"{paths.config_file}: unknown key rise_evry in [schedule] (ignored); did you mean "
        "rise_every?",
        f"{paths.user_exercises_file}: exercise 'glute_rise': picture "
        f"{str(paths.user_exercises_file.parent / 'missing.png')!r} cannot be used: there is no "
        "such file. Its nudge shows without it until you fix the file or remove the picture "
        "line.",
    ]


@pytest.mark.usefixtures("speaking_pseudo")
def test_exercise_file_problems_are_in_the_users_language() -> None:
    bad = {"exercise": [{"id": "x"}, {"id": "y", "reps": True}], "extra": 1}

    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(bad, "exercises.toml")

    assert len(caught.value.problems) == 3
    assert all(problem.startswith(OPEN) for problem in caught.value.problems)
    more = str(caught.value).split("\n")[1]
    assert more.startswith(OPEN) and "2" in more  # "(and 2 more problems)"
