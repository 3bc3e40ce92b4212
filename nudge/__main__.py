"""Lets `python -m nudge` behave exactly like the `nudge` command."""

from nudge.cli import main

raise SystemExit(main())
