"""Which language the user wants: `[app] language`, else the environment as every gettext
program reads it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else the desktop's UI language on
Windows (GetUserDefaultUILanguage) and macOS (`defaults read -g AppleLanguages`).

Runs once at process start, on the main thread. Languages are gettext's names: `de`, `pt_BR`,
`zh_CN`; "en" when nothing says otherwise.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False  # not `typing`'s: every command reads the language first (issue #22)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

ENGLISH = "en"
AUTO = "auto"
_TAG = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
_ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Apple's script subtags, to gettext's country names: zh-Hans is written in mainland China.
_SCRIPTS = {"zh_hans": "zh_CN", "zh_hant": "zh_TW"}


def normalise(tag: str) -> str | None:
    """`de_DE.UTF-8` -> `de_DE`, `pt-br` -> `pt_BR`, `zh-Hans-CN` -> `zh_CN`; None for `C`,
    `POSIX` or anything that is not a language tag."""
    tag = tag.split(".", 1)[0].split("@", 1)[0].strip()
    if not _TAG.fullmatch(tag) or tag.upper() in ("C", "POSIX"):
        return None
    parts = tag.replace("-", "_").split("_")
    language = parts[0].lower()
    script = _SCRIPTS.get(f"{language}_{parts[1].lower()}") if len(parts) > 1 else None
    if script:
        return script
    country = next((part.upper() for part in parts[1:] if len(part) == 2), "")
    return f"{language}_{country}" if country else language


def from_environment(environ: Mapping[str, str]) -> list[str]:
    """The languages the environment asks for, in order (LANGUAGE may list several, `de:fr`);
    [] when none is set, ["en"] for `C` or `POSIX`."""
    for name in _ENV_ORDER:
        value = environ.get(name, "")
        if not value:
            continue
        if name == "LANGUAGE":
            found = [tag for tag in map(normalise, value.split(":")) if tag]
            if found:
                return found
            continue
        tag = normalise(value)
        return [tag] if tag else [ENGLISH]
    return []


def from_desktop(platform: str = sys.platform) -> list[str]:
    """The desktop's UI language on Windows and macOS; [] elsewhere or when it cannot say."""
    if platform == "win32":
        return _windows_ui_language()
    if platform == "darwin":
        return _macos_languages()
    return []


def _windows_ui_language() -> list[str]:
    import ctypes
    import locale

    try:
        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return []
    tag = normalise(locale.windows_locale.get(int(lcid), ""))
    return [tag] if tag else []


def _macos_languages() -> list[str]:
    """`defaults read -g AppleLanguages` prints a plist array: ( "de-DE", en ); run once at
    start (documented as the user's preferred languages, first the one the UI uses)."""
    import subprocess

    try:
        done = subprocess.run(["defaults", "read", "-g", "AppleLanguages"], capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    words = re.findall(r"[A-Za-z][A-Za-z0-9_-]*", done.stdout) if done.returncode == 0 else []
    return [tag for tag in map(normalise, words) if tag]


def configured(config_file: Path) -> str:
    """`[app] language` of the config file, read quickly before the full load (the CLI's
    `--help` is already translated); AUTO when unset, unreadable or invalid (the full load
    names the problem)."""
    from nudge.platform.safe_files import MAX_TOML_BYTES, read_regular

    try:  # a pipe or a device in the config's place must not hang the start (safe_files)
        raw = read_regular(config_file, MAX_TOML_BYTES, follow_links=True)
    except OSError:
        return AUTO
    # Most files never name a language: no TOML parser for them (a few ms of every command).
    if raw is None or b"language" not in raw:
        return AUTO
    import tomllib

    try:
        value = tomllib.loads(raw.decode("utf-8")).get("app", {}).get("language", AUTO)
    except (tomllib.TOMLDecodeError, AttributeError, UnicodeDecodeError):
        return AUTO
    if not isinstance(value, str):
        return AUTO
    return normalise(value) or AUTO if value.strip().lower() != AUTO else AUTO


def preferred(setting: str = AUTO, environ: Mapping[str, str] | None = None,
              platform: str = sys.platform) -> list[str]:
    """The languages to try, best first: the setting, else the environment, else the desktop;
    English when none says anything."""
    import os

    if setting and setting != AUTO:
        tag = normalise(setting)
        if tag:
            return [tag]
    found = from_environment(os.environ if environ is None else environ)
    return found or from_desktop(platform) or [ENGLISH]
