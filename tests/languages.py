"""Finds English left in what nudge showed in another language: every sentence of the template
whose shipped translation differs from it is a "leak" when a piece of it (three words or more
between placeholders) appears in the text. Used by the language tests of the CLI, terminal mode,
the notifications and the tray menu; and the environment those tests run the CLI in.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from conftest import cli_env

LOCALE = Path(__file__).resolve().parent.parent / "nudge" / "data" / "locale"
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")
_MIN_WORDS = 3


def language_env(home: Path, config: str = "[app]\n", **extra: str) -> dict[str, str]:
    """The CLI's environment for a private nudge home with a config file (so no first-run
    welcome asks first; an existing one is kept), with no language variable but `extra`'s."""
    config_file = home / "config" / "config.toml"
    if not config_file.exists():
        config_file.parent.mkdir(parents=True)
        config_file.write_text(config)
    env = {key: value for key, value in cli_env(home).items()
           if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**env, **extra}


@cache
def english_pieces(language: str) -> frozenset[str]:
    """The English pieces that must not appear in `language`'s text."""
    with (LOCALE / language / "LC_MESSAGES" / "nudge.po").open("rb") as file:
        catalog = read_po(file)
    pieces: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same in this language (a name, a command): not a leak
            for piece in _PLACEHOLDER.split(english):
                piece = piece.strip(" .,:;!?()—-\n`'\"")
                if len(piece.split()) >= _MIN_WORDS and re.search(r"[a-z]{3}", piece):
                    pieces.add(piece)
    return frozenset(pieces)


def english_leaks(text: str, language: str) -> list[str]:
    """The English pieces of nudge's messages that appear in `text` (empty: none)."""
    flat = " ".join(text.split())
    return sorted(piece for piece in english_pieces(language)
                  if re.search(rf"(?<!\w){re.escape(' '.join(piece.split()))}(?!\w)", flat))


def translated(language: str, english: str) -> str:
    """The shipped translation of one message (for a test to look for)."""
    with (LOCALE / language / "LC_MESSAGES" / "nudge.po").open("rb") as file:
        catalog = read_po(file)
    message = catalog.get(english)
    if message is None or not message.string:
        raise KeyError(english)
    return message.string if isinstance(message.string, str) else message.string[0]
