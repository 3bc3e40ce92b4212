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
