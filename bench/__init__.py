"""nudge's benchmark harness (`python -m bench`): resources against peer apps, and history speed.

Not part of the app and not a timed test: see bench/README.md. Nothing here is imported by nudge.
"""
