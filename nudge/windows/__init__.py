"""The windows for people: settings, insights and the first-run welcome.

Each window is its own short-lived process (`nudge settings`, `nudge insights`, `nudge welcome`)
so the all-day app never loads Qt: the tray starts one with `launch.start_window` (no Qt), and
`run.run_window` (Qt, imported only in that process) shows it, one of each at a time.
"""

from nudge.i18n import N_

WINDOWS = ("settings", "insights", "welcome")
# Each window's name in sentences (marked: shown as _(title)).
TITLES = {"settings": N_("Settings"), "insights": N_("Insights"), "welcome": N_("Welcome")}
