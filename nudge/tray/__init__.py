"""The tray: icon drawing and menu model (pure, testable without a display) and the backends
that put them on a panel (StatusNotifierItem over D-Bus on Linux, pystray elsewhere).

No code here; `backend` and `ui` name the threads."""
