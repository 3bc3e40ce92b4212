"""Lets `python -m nudge` behave exactly like the `nudge` command.

Main thread of the `nudge` process, exactly as the command runs."""

try:
    from nudge.cli.main import main
except KeyboardInterrupt:  # Ctrl-C before nudge.cli.main's own guard runs: leave quietly
    raise SystemExit(130) from None

raise SystemExit(main())
