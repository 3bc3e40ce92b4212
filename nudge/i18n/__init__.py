"""Translations for everything nudge says to a person (gettext, the standard library).

`install(setting)` is called once per process at start, before other threads run: by
`nudge.cli.main` for every command (the windows are `nudge settings`… processes, so they are
covered), and by `nudge.app.root.build_app` with the loaded `[app] language`. It picks the
language (`nudge.i18n.language`), loads `nudge/data/locale/<lang>/LC_MESSAGES/nudge.mo`, and
hands the catalogue to `nudge.core.i18n`, which the pure core reads. An unknown language, or
one with no catalogue, is English, quietly. `locale_formats=True` (one-shot commands, windows
and pictures only) also formats dates and numbers through Babel; the all-day app never loads
Babel (tests/test_app_imports.py).

Use `_`, `ngettext`, `pgettext` and `N_` from here (the core: from `nudge.core.i18n`). The
rules for marking text are in CONTRIBUTING.md. Log lines stay English.
"""

from __future__ import annotations

import gettext
import logging
from pathlib import Path

from nudge.core.i18n import (
    N_,
    English,
    Formats,
    _,
    columns,
    fold_spaces,
    formats,
    join_words,
    ngettext,
    pgettext,
    shorten,
    shown,
    terminal_lines,
    use,
    wrap,
)
from nudge.i18n.language import AUTO, ENGLISH, preferred

__all__ = ["DOMAIN", "LOCALE_DIR", "N_", "English", "_", "columns", "current_language",
           "fold_spaces", "formats", "install", "join_words", "ngettext", "pgettext",
           "shipped_languages", "shorten", "shown", "terminal_lines", "unspoken", "wrap"]

DOMAIN = "nudge"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "data" / "locale"
log = logging.getLogger(__name__)
_current = ENGLISH


def install(setting: str = AUTO, *, locale_formats: bool = False,
            environ: dict[str, str] | None = None) -> str:
    """Use the language `setting` names ("auto": the environment's, then the desktop's);
    returns the language in use for formats (`fr` even while nudge has no French words)."""
    global _current
    languages = preferred(setting, environ)
    # English is the source text: "en:de" means English first, never German.
    if ENGLISH in (tag.split("_")[0] for tag in languages):
        languages = languages[:[t.split("_")[0] for t in languages].index(ENGLISH)]
    catalogue = (gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)
                 if languages else None)
    _current = languages[0] if languages else ENGLISH
    use(catalogue, _formats_for(_current) if locale_formats else None)
    log.debug("language: %s (catalogue: %s)", _current, type(catalogue).__name__)
    return _current


def current_language() -> str:
    """The language `install` chose: `de`, `pt_BR`, or `en`."""
    return _current


def unspoken(setting: str) -> bool:
    """True when `setting` (`[app] language`) names a language nudge has no words for, so it
    speaks English instead: found as `install` finds a catalogue (`de_AT` has German's)."""
    if setting == AUTO or setting.split("_")[0] == ENGLISH:
        return False
    return gettext.find(DOMAIN, LOCALE_DIR, languages=[setting]) is None


def shipped_languages() -> list[str]:
    """Languages with a compiled catalogue in the package."""
    return sorted(folder.name for folder in LOCALE_DIR.iterdir()
                  if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()) \
        if LOCALE_DIR.is_dir() else []


def _formats_for(language: str) -> Formats | None:
    if language == ENGLISH:
        return None
    from nudge.i18n.locale_formats import LocaleFormats, UnknownLocale

    try:
        return LocaleFormats(language)
    except UnknownLocale:
        return None
