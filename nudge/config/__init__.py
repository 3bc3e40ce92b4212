"""nudge's config file: TOML in, frozen `AppConfig` out, with messages a person can act on.

- `keys`: the table of keys (what each holds, its range, its comment), one line a key;
- `schema`: `parse_config`, checking a document against that table (pure);
- `reader`: `Reader`, which walks the document for it, collecting problems and warnings;
- `problems`: `ConfigError` and the `Problem`s it holds, each placed and said for the log;
- `values`: converters for single values (durations, work hours, ...);
- `toml_repr`: a value as the TOML file shows it, shortened, for the problems' words;
- `template`: `DEFAULT_CONFIG_TEXT`, the commented file written for new users, made from it;
- `files`: `load_config`, `usable_config`, `write_default_config` (`ConfigFileExists`),
  `check_config`, `ConfigWatcher`,
  `work_hours_hint`;
- `toml_file`: reading a TOML file with readable errors (shared with the exercise file).

Everything here runs on the caller's thread, with no threads of its own (`files` names the callers).
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nudge.config.files import (
        ConfigFileExists,
        ConfigWatcher,
        check_config,
        load_config,
        usable_config,
        work_hours_hint,
        write_default_config,
    )
    from nudge.config.keys import UI_CHOICES
    from nudge.config.problems import ConfigError
    from nudge.config.schema import AppConfig, LoadedConfig, parse_config
    from nudge.config.template import DEFAULT_CONFIG_TEXT

# Each name loads its module on first use: `nudge.config.exercise_files` (the CLI's `status` and
# `log rise`) would otherwise bring the whole config reader with it (#22).
_HOME = {
    **dict.fromkeys(("ConfigFileExists", "ConfigWatcher", "check_config", "load_config",
                     "usable_config", "work_hours_hint", "write_default_config"), "files"),
    "UI_CHOICES": "keys",
    "ConfigError": "problems",
    **dict.fromkeys(("AppConfig", "LoadedConfig", "parse_config"), "schema"),
    "DEFAULT_CONFIG_TEXT": "template",
}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)


__all__ = [
    "DEFAULT_CONFIG_TEXT",
    "UI_CHOICES",
    "AppConfig",
    "ConfigError",
    "ConfigFileExists",
    "ConfigWatcher",
    "LoadedConfig",
    "check_config",
    "load_config",
    "parse_config",
    "usable_config",
    "work_hours_hint",
    "write_default_config",
]
