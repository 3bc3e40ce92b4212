"""A pseudo-translation for tests: every message marked with ⟦ ⟧ and each English word a third
longer (as German runs), placeholders kept, so a test sees which text went through gettext and
that nothing decides by the English words. `speaking_pseudo` installs it for one test."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import pytest

from nudge import i18n
from nudge.core.i18n import use

# A word of two letters or more; argparse's %(name)s placeholders are kept as they are.
_WORD = re.compile(r"%\([a-z_]+\)[a-z]|(?<![{<&/])\b([A-Za-z]{2,})\b(?![}>])")
OPEN, CLOSE = "⟦", "⟧"


def pseudo(message: str) -> str:
    return OPEN + _WORD.sub(lambda w: w[0] if w[1] is None
                            else w[1] + "~" * math.ceil(len(w[1]) / 3), message) + CLOSE


class Pseudo:
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


@pytest.fixture
def speaking_pseudo() -> Iterator[None]:
    use(Pseudo())
    yield
    i18n.install("en")
