"""The windows for people: settings, insights, the first-run welcome and the "How to do it" card.

Each window is its own short-lived process (`nudge settings`, `nudge insights`, `nudge welcome`,
`nudge exercise show ID --window`) so the all-day app never loads Qt: the tray starts one with
`launch.open_window` (no Qt), and `run.run_window` (Qt, imported only in that process) shows it,
one of each at a time.

A window's code runs on its own process's main (GUI) thread; `launch` runs in the tray, on a
short-lived helper thread.
"""

from nudge.i18n import N_

WINDOWS = ("settings", "insights", "welcome", "howto")
# Each window's name in sentences (marked: shown as _(title)).
TITLES = {"settings": N_("Settings"), "insights": N_("Insights"), "welcome": N_("Welcome"),
          # Translators: the "How to do it" card's name in "The {window} window is already
          # open…": quoted here as that sentence does not; no quotes where yours adds them.
          "howto": N_("“How to do it”")}
