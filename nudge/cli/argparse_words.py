"""argparse's own words, in the user's language: `speak()` points argparse's `_` and `ngettext`
(module globals it says everything through: "usage:", its section titles, -h's help, its
errors) at nudge's, and `WORDS` lists them so that they reach the translation template.

Each is spelled exactly as argparse spells it in Python 3.11 and 3.12 (one that differs is
never found, and stays English); `tests/test_cli_argparse_words.py` checks that against the
running Python. Only the words nudge's grammar can bring up are listed. Called on the CLI's
main thread when the parser is built.
"""

from __future__ import annotations

import argparse

from nudge.i18n import N_, _, ngettext

WORDS = (
    # Translators: argparse's words. Starts the first line of `nudge --help`; keep the space.
    N_("usage: "),
    # Translators: argparse's words: a section title of `nudge --help`; argparse adds the ":"
    # (French ends the title with a no-break space).
    N_("positional arguments"),
    # Translators: argparse's words: a section title of `nudge --help` (the --options);
    # argparse adds the ":" (French ends the title with a no-break space).
    N_("options"),
    # Translators: argparse's words: what -h and --help do.
    N_("show this help message and exit"),
    # Translators: argparse's words, after "nudge: ". %(argument_name)s names an argument
    # ("--reps", "duration"), %(message)s is one of the problems below. Keep each %(…)s.
    N_("argument %(argument_name)s: %(message)s"),
    # Translators: argparse's words: an --option cut short that could be two. Keep each %(…)s.
    N_("ambiguous option: %(option)s could match %(matches)s"),
    # Translators: argparse's words: an --option given without its value ("--reps").
    N_("expected one argument"),
    # Translators: argparse's words: a value given to an --option that takes none
    # ("--json=yes"); %r is that value, in quotes.
    N_("ignored explicit argument %r"),
    # Translators: argparse's words: a value that is not one of the choices; %(value)r is it,
    # in quotes, %(choices)s the choices. Keep each %(…)r and %(…)s.
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    # Translators: argparse's words: two options that exclude each other; %s names the other.
    N_("not allowed with argument %s"),
    # Translators: argparse's words; %s names what is missing ("duration", "--all").
    N_("the following arguments are required: %s"),
    # Translators: argparse's words; %s is what was not understood ("--bogus").
    N_("unrecognized arguments: %s"),
)


def speak() -> None:
    """Make argparse say its words through nudge's catalogue (the language `install` chose)."""
    # argparse looks these up at call time, as module globals (the stubs do not declare them)
    vars(argparse).update(_=_, ngettext=ngettext)
