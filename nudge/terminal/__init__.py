"""Terminal mode, the UI where there is no display: the status line and nudges on the terminal
(`ui`, `screen`, `text`) and single-key answers (`keys`, `answers`).

No code here; `ui` names the threads (the engine thread writes, the main thread reads keys)."""
