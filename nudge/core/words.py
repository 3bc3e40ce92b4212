"""Counted nouns in user text: `1 rep`, `5 reps`, `1 rise`. Pure, English only."""

from __future__ import annotations


def plural(count: float, word: str, many: str | None = None) -> str:
    """`word` for a count of exactly one (or minus one), else its plural (`many`, or word + s)."""
    return word if abs(count) == 1 else (many or f"{word}s")


def counted(count: int, word: str, many: str | None = None) -> str:
    """`1 rep`, `5 reps`, `0 reps`."""
    return f"{count} {plural(count, word, many)}"
