"""`[exercises] off`: single exercises turned off, checked against the exercises there are (the
shipped ones and the user's own exercises.toml) by `load_config`, `nudge config --check` and
doctor alike: an unknown id is said with the nearest one, no rise or no hip-flexor stretch is
refused with the one to keep."""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge.config import ConfigError, check_config, load_config, parse_config
from nudge.config.exercise_files import load_catalogue

SHIPPED = load_catalogue(None).catalogue
OWN_RISE = ('[[exercise]]\nid = "desk_rise"\nname = "Desk rise"\ncues = ["Stand up.", "Sit."]\n'
            'reps = 5\nkind = "rise"\nwhere = "chair"\n')


def write(folder: Path, off: str, own: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if own:
        (folder / "exercises.toml").write_text(own)
    config = folder / "config.toml"
    config.write_text(f"[exercises]\noff = {off}\n")
    return config


def test_turned_off_exercises_reach_the_settings(tmp_path: Path):
    config = write(tmp_path, '["tempo_rise", "squat_to_chair"]')
    loaded = load_config(config)
    assert loaded.config.settings.exercises.off == ("tempo_rise", "squat_to_chair")
    assert loaded.warnings == [] and check_config(config) == []


def test_an_unknown_id_is_ignored_with_the_nearest_one_named(tmp_path: Path):
    config = write(tmp_path, '["tempo_rize", "xyzzy"]')
    near, far = load_config(config).warnings
    assert near == (f'{config}: [exercises] off: "tempo_rize" is not an exercise (ignored); '
                    'did you mean "tempo_rise"?')
    assert far.startswith(f'{config}: [exercises] off: "xyzzy" is not an exercise (ignored); '
                          "the ids are glute_rise, tempo_rise, ")


def test_the_users_own_exercises_can_be_turned_off_too(tmp_path: Path):
    config = write(tmp_path, '["desk_rise"]', own=OWN_RISE)
    assert load_config(config).warnings == []
    assert load_config(write(tmp_path / "other", '["desk_rise"]')).warnings != []


def test_turning_off_every_rise_is_refused_naming_the_one_to_keep(tmp_path: Path):
    config = write(tmp_path, '["glute_rise", "tempo_rise", "squat_to_chair"]')
    with pytest.raises(ConfigError) as refused:
        load_config(config)
    assert str(refused.value) == (
        f'{config}: [exercises] off = ["glute_rise", "tempo_rise", "squat_to_chair"] turns off '
        'every rise; keep "glute_rise" on (take it out of the list)')
    assert refused.value.log_problems == (f"{config}: [exercises] off turns off every rise",)
    # with a rise of the user's own, the shipped ones may all go
    assert load_config(write(tmp_path / "own", '["glute_rise", "tempo_rise", "squat_to_chair"]',
                             own=OWN_RISE)).warnings == []


def test_the_standing_stretch_stays_on_while_floor_is_off():
    with pytest.raises(ConfigError) as refused:
        parse_config({"exercises": {"off": ["hip_flexor_break"]}}, "config.toml", SHIPPED)
    assert 'keep "hip_flexor_break" on' in str(refused.value)
    assert 'set floor = true to be offered "kneeling_hip_flexor"' in str(refused.value)
    allowed = parse_config({"exercises": {"off": ["hip_flexor_break"], "floor": True}},
                           "config.toml", SHIPPED)
    assert allowed.config.settings.exercises.off == ("hip_flexor_break",)


@pytest.mark.parametrize("value,words", [
    ("tempo_rise", "is not a list of up to 100 exercise ids"),
    (["Tempo Rise"], 'has item 1 = "Tempo Rise", which is not an exercise id'),
    ([3], "has item 1 = 3, which is not an exercise id"),
])
def test_a_value_that_is_no_list_of_ids_says_how_to_write_it(value: object, words: str):
    with pytest.raises(ConfigError) as refused:
        parse_config({"exercises": {"off": value}}, "config.toml")
    assert words in str(refused.value)
    assert 'write it like ["tempo_rise", "squat_to_chair"]' in str(refused.value)


def test_config_check_and_doctor_accept_the_key_and_refuse_no_rise(run_cli, nudge_home: Path):
    config = nudge_home / "config" / "config.toml"
    config.write_text('[exercises]\noff = ["tempo_rise"]\n')
    assert f"{config}: OK" in run_cli("config", "--check", check_rc=0).stdout
    assert "config file has problems" not in " ".join(run_cli("doctor").stdout.split())
    config.write_text('[exercises]\noff = ["glute_rise", "tempo_rise", "squat_to_chair"]\n')
    bad = run_cli("config", "--check", check_rc=2)
    assert 'turns off every rise; keep "glute_rise" on' in bad.stderr
    assert "config file has problems" in " ".join(run_cli("doctor").stdout.split())
