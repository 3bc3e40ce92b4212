"""What nudge shares with the operating system and desktop across adapter families: the one D-Bus
thread and its calls, the shared X11 display, reading files nudge did not make, opening a file
with the user's default app, and keeping OpenSSL out of the all-day process."""
