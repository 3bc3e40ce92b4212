"""nudge's config file: TOML in, frozen `AppConfig` out, with messages a person can act on.

- `schema`: the keys, their bounds and `parse_config` (pure);
- `values`: converters for single values (durations, work hours, ...);
- `template`: `DEFAULT_CONFIG_TEXT`, the commented file written for new users;
- `files`: `load_config`, `write_default_config`, `check_config`, `ConfigWatcher`,
  `work_hours_hint`;
- `toml_file`: reading a TOML file with readable errors (shared with the exercise file).
"""

from nudge.config.files import (
    ConfigWatcher,
    check_config,
    load_config,
    work_hours_hint,
    write_default_config,
)
from nudge.config.schema import UI_CHOICES, AppConfig, ConfigError, LoadedConfig, parse_config
from nudge.config.template import DEFAULT_CONFIG_TEXT

__all__ = [
    "DEFAULT_CONFIG_TEXT",
    "UI_CHOICES",
    "AppConfig",
    "ConfigError",
    "ConfigWatcher",
    "LoadedConfig",
    "check_config",
    "load_config",
    "parse_config",
    "work_hours_hint",
    "write_default_config",
]
