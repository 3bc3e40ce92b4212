"""The translations' one tool: `make pot`, `make po`, `make mo` and the `make lint` check.

    python packaging/translations.py pot    extract every marked text into nudge.pot
    python packaging/translations.py po     bring every language's .po up to the pot
    python packaging/translations.py mo     compile every .po to the .mo nudge reads
    python packaging/translations.py check  what `make lint` runs (below)

The compiled .mo files are committed: the wheel, the PyInstaller bundle and `pip install -e`
all read them from nudge/data/locale/ with no build step. `check` fails on: a pot that is not
what the source marks now (run `make pot po`); in a shipped language (each .po present) a
message untranslated or fuzzy, a `{placeholder}` missing or added, an exercise cue over the
catalogue's length, a .po that gettext's `msgfmt --check` rejects, or a .mo that differs from
its .po (run `make mo`).
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "nudge" / "data" / "locale"
POT = LOCALE / "nudge.pot"
DOMAIN = "nudge"
# `# Translators:` comments go to the translator; exercise texts carry their own.
EXTRACT = ["extract", "-F", str(ROOT / "babel.cfg"), "-c", "Translators:", "--project", "nudge",
           "--copyright-holder", "the nudge authors", "--no-wrap", "--sort-by-file"]
_FIELD = re.compile(r"(?<!\{)\{([^{}!:]*)[^{}]*\}(?!\})")
_CUE_LIMIT = re.compile(r"at most (\d+) characters")
# French typography: a no-break space (U+00A0 or the narrow U+202F) before : ; » and a ! or ?
# that ends a sentence, after «. ("appuyez sur ? pour l'aide": that ? is a key.)
_FRENCH_SPACE = re.compile(r"(?<=\S) [:;»]|(?<=\S) [!?](?=$|\n| [A-ZÀ-Ý«])|« ")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", *args],
                   check=True, cwd=ROOT)


def po_files() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def extract(output: Path) -> None:
    pybabel(*EXTRACT, "-o", str(output), "nudge")


def placeholders(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def _strings(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def message_problems(message: Message, language: str = "") -> list[str]:
    """What is wrong with one translated message in `language` (empty: fine)."""
    ids, strs = _strings(message.id), _strings(message.string)
    if message.fuzzy:
        return ["is fuzzy (check the translation, then remove the fuzzy flag)"]
    if not all(strs) or not strs:
        return ["is not translated"]
    wanted = set().union(*map(placeholders, ids))
    problems = [f"has placeholders {sorted(placeholders(text))} where the English has "
                f"{sorted(wanted)}" for text in strs
                if placeholders(text) - wanted or (len(ids) == 1 and placeholders(text) != wanted)]
    limit = next((int(m.group(1)) for comment in message.auto_comments
                  if (m := _CUE_LIMIT.search(comment))), None)
    problems += [f"is {len(text)} characters long; an exercise cue may have {limit}"
                 for text in strs if limit is not None and len(text) > limit]
    if language == "fr":
        problems += [f"has a plain space where French puts a no-break one: {m.group()!r}"
                     for text in strs for m in _FRENCH_SPACE.finditer(text)][:1]
    return problems


def check_po(po: Path, template: Catalog) -> list[str]:
    with po.open("rb") as file:
        catalog = read_po(file)
    where = _shown_path(po)
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        if translated is None:
            problems.append(f"{where}: {_show(message.id)} is missing (run `make po`)")
            continue
        problems += [f"{where}: {_show(message.id)} {problem}"
                     for problem in message_problems(translated, po.parent.parent.name)]
    problems += _msgfmt_problems(po)
    problems += _mo_problems(po, catalog)
    problems += _catalogue_problems(po, catalog)
    return problems


def _catalogue_problems(po: Path, catalog: Catalog) -> list[str]:
    """The shipped exercises in this language must pass every rule of the catalogue (a name's
    length too): the app falls back to English for all of them when one breaks a rule."""
    from nudge.config.exercise_files import parse_shipped, shipped_document
    from nudge.core.catalogue import CatalogueError
    from nudge.i18n.catalogue_text import translated

    def gettext(text: str) -> str:
        message = catalog.get(text)
        found = message.string if message is not None else ""
        return found if isinstance(found, str) and found else text

    try:
        parse_shipped(translated(shipped_document(), gettext))
    except CatalogueError as error:
        return [f"{_shown_path(po)}: the exercises in this language break a catalogue rule, "
                f"so nudge would show them in English: {error}"]
    return []


def _msgfmt_problems(po: Path) -> list[str]:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return ["msgfmt (GNU gettext) is not installed: `sudo apt-get install gettext`"]
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True,
                          text=True, check=False)
    return [] if done.returncode == 0 else [f"msgfmt --check: {line}" for line in
                                            done.stderr.strip().splitlines()]


def _mo_problems(po: Path, catalog: Catalog) -> list[str]:
    mo = po.with_suffix(".mo")
    stale = [f"{_shown_path(mo)} is not compiled from its .po: run `make mo`"]
    if not mo.is_file():
        return stale
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else (message.id[0], 0)
        if message.context:
            key = f"{message.context}\x04{key}" if isinstance(key, str) else \
                (f"{message.context}\x04{key[0]}", 0)
        strs = _strings(message.string)
        if strs and all(strs) and compiled.get(key) != strs[0]:
            return stale
    return []


def _shown_path(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _show(message_id: str | tuple[str, ...]) -> str:
    text = _strings(message_id)[0]
    return repr(text if len(text) <= 60 else text[:57] + "...")


def check() -> int:
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "nudge.pot"
        extract(fresh)
        with fresh.open("rb") as file:
            template = read_po(file)
    problems = []
    if not POT.is_file():
        problems.append(f"{POT.relative_to(ROOT)} is missing: run `make pot`")
    else:
        with POT.open("rb") as file:
            committed = read_po(file)
        if {(m.id, m.context) for m in committed} != {(m.id, m.context) for m in template}:
            problems.append(f"{POT.relative_to(ROOT)} is not what the source marks: run "
                            "`make pot po`, translate, then `make mo`")
    for po in po_files():
        problems += check_po(po, template)
    for problem in problems:
        print(f"translations: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    if action == "pot":
        extract(POT)
    elif action == "po":
        pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", DOMAIN, "--no-wrap",
                "--previous", "--ignore-obsolete")
    elif action == "mo":
        pybabel("compile", "-d", str(LOCALE), "-D", DOMAIN, "--statistics")
    elif action == "check":
        return check()
    else:
        print(f"usage: {Path(__file__).name} pot|po|mo|check", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
