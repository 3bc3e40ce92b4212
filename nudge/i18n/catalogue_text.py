"""Which words of the shipped exercise catalogue (nudge/data/exercises.toml) are translated:
names, cues, more_cues, alt text and the variations' names and cues.

One walk serves both ends: `translated` gives the parsed document in the user's language as
`nudge.config.exercise_files` loads it (the user's own exercises.toml is never translated), and
`extract` is the Babel extractor (babel.cfg) that puts the same texts in nudge.pot with a
comment saying which exercise and field each is. Pure functions; any thread.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from typing import IO, Any

from nudge.core.catalogue_parse import MAX_CUE_CHARS

Text = tuple[str, str]  # (where, text): where names the exercise and field, for translators


def texts(doc: dict[str, Any]) -> Iterator[Text]:
    for entry in doc.get("exercise", []):
        name = f"exercise {entry.get('id', '?')}"
        for field in ("name", "alt"):
            if isinstance(entry.get(field), str):
                yield f"{name}: {field}", entry[field]
        for cue in _cue_lines(entry):
            yield f"{name}: cue (at most {MAX_CUE_CHARS} characters)", cue
        for variation in entry.get("variations", []):
            if isinstance(variation.get("name"), str):
                yield f"{name}: variation name", variation["name"]
            for cue in _lines(variation.get("cues")):
                yield f"{name}: variation cue (at most {MAX_CUE_CHARS} characters)", cue


def translated(doc: dict[str, Any], gettext: Callable[[str], str]) -> dict[str, Any]:
    """A copy of `doc` with every translated text through `gettext`; the rest as it was."""
    def text(value: object) -> object:
        return gettext(value) if isinstance(value, str) else value

    def lines(value: object) -> object:
        return [text(line) for line in value] if isinstance(value, list) else value

    exercises = []
    for entry in doc.get("exercise", []):
        entry = dict(entry)
        for field in ("name", "alt"):
            if field in entry:
                entry[field] = text(entry[field])
        if "cues" in entry:
            entry["cues"] = lines(entry["cues"])
        if isinstance(entry.get("more_cues"), list):
            entry["more_cues"] = [lines(wording) for wording in entry["more_cues"]]
        if isinstance(entry.get("variations"), list):
            entry["variations"] = [
                {**variation, "name": text(variation.get("name")),
                 "cues": lines(variation.get("cues"))}
                if isinstance(variation, dict) else variation
                for variation in entry["variations"]]
        exercises.append(entry)
    return {**doc, "exercise": exercises}


def extract(fileobj: IO[bytes], keywords: object, comment_tags: object,
            options: object) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor interface: (line, function, message, translator comments)."""
    source = fileobj.read().decode("utf-8")
    starts = source.splitlines()
    for where, text in texts(tomllib.loads(source)):
        line = next((number for number, row in enumerate(starts, start=1)
                     if _toml_string(text) in row), 0)
        yield line, None, text, [f"Translators: {where}"]


def _cue_lines(entry: dict[str, Any]) -> Iterator[str]:
    yield from _lines(entry.get("cues"))
    for wording in entry.get("more_cues", []) if isinstance(entry.get("more_cues"), list) else []:
        yield from _lines(wording)


def _lines(value: object) -> Iterator[str]:
    if isinstance(value, list):
        yield from (line for line in value if isinstance(line, str))


def _toml_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
