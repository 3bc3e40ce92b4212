"""Which notification daemons draw a nudge's Done/Snooze/Skip buttons, and how answers work on
the ones that do not. Pure (any thread): doctor and the notifier's one-line reason use it.

A daemon's "actions" capability only says it accepts actions, not that it draws them: dunst and
mako take them but show none (dunst marks the popup "(A)"), offering them in a menu instead. A
click on the popup's body is its "default" action, which answers nothing in nudge (the popup
goes, and the nudge comes back by its rules), so a daemon set to "do the default action on
click" still gives no answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from nudge.i18n import N_, English, _

# GetServerInformation names (lower case) of daemons known to draw action buttons.
DRAWS_BUTTONS = ("gnome-shell", "plasma", "xfce notify daemon", "cinnamon",
                 "mate-notification-daemon", "lxqt-notificationd", "notification-daemon",
                 "swaync", "budgie")


@dataclass(frozen=True)
class DaemonButtons:
    shown: bool | None  # True draws them, False does not, None: says it can, not known
    # For the doctor line and the notifier's reason (English for the log; shown() translates).
    detail: English
    how: tuple[str, ...] = ()  # how to answer or to set the daemon up, one line each
    without_tray: str = ""  # the detail where no tray runs ("": the same)


def daemon_buttons(name: str, actions: bool, menu_missing: str = "") -> DaemonButtons:
    """What a nudge popup looks like on the daemon called `name` (its GetServerInformation
    name, optionally followed by its version), given whether it lists "actions".
    `menu_missing` names the program dunst's menu runs when doctor found it missing."""
    key = name.strip().lower()
    if actions and menu_missing and key.split(" ")[0] == "dunst":
        # Translators: {program} is the program dunst's menu runs, e.g. /usr/bin/dmenu.
        return DaemonButtons(False, English(N_("dunst shows no buttons (only \"(A)\"), and its "
                                               "menu of Done/Snooze/Skip cannot open: {program} "
                                               "is not installed"), program=menu_missing),
                             (_("a plain click only closes the popup (no answer); nudge shows "
                                "it again later"),))
    if not actions:
        return DaemonButtons(False, English(N_("it shows no buttons: answer nudges from the tray "
                                                 "menu")),
                             without_tray=_(
                                 "it shows no buttons: answer with `nudge done`, `nudge "
                                 "snooze` or `nudge skip` in a terminal (there is no tray "
                                 "here; `nudge status` shows what is due)"))
    if key.startswith(DRAWS_BUTTONS):
        return DaemonButtons(True, English(N_("it shows the Done/Snooze/Skip buttons")))
    if key.split(" ")[0] == "dunst":
        return DaemonButtons(False, English(N_("dunst shows no buttons (only \"(A)\"): answer "
                                               "nudges from the tray menu, or from dunst's "
                                               "menu")), (
                                 # Translators: the commands and the dunstrc line stay as they
                                 # are.
                                 _("dunst's menu of Done/Snooze/Skip opens with `dunstctl "
                                   "context`; it needs dmenu, or rofi set in dunstrc as "
                                   "`dmenu = rofi -dmenu -p dunst`"),
                                 _("to open it with a right click, put `mouse_right_click = "
                                   "context` under [global] in ~/.config/dunst/dunstrc"),
                                 _("a plain click only closes the popup (no answer); nudge "
                                   "shows it again later")),
                             _("dunst shows no buttons (only \"(A)\"): answer with `nudge "
                               "done`, `nudge snooze` or `nudge skip` in a terminal (there is "
                               "no tray here; `nudge status` shows what is due), or from "
                               "dunst's menu"))
    if key.split(" ")[0] == "mako":
        return DaemonButtons(False, English(N_("mako shows no buttons: answer nudges from the "
                                               "tray menu, or from mako's menu")), (
                                 # Translators: the commands stay as they are.
                                 _("mako's menu of Done/Snooze/Skip opens with `makoctl menu "
                                   "dmenu` (or `makoctl menu wofi -d`)"),
                                 _("a click only closes the popup (no answer); nudge shows it "
                                   "again later")),
                             _("mako shows no buttons: answer with `nudge done`, `nudge "
                               "snooze` or `nudge skip` in a terminal (there is no tray here; "
                               "`nudge status` shows what is due), or from mako's menu"))
    return DaemonButtons(None, English(N_("it accepts buttons; if a nudge shows no "
                                          "Done/Snooze/Skip buttons, answer from the tray "
                                          "menu")),
                         without_tray=_("it accepts buttons; if a nudge shows no "
                                        "Done/Snooze/Skip buttons, answer with `nudge done`, "
                                        "`nudge snooze` or `nudge skip` in a terminal (there is "
                                        "no tray here; `nudge status` shows what is due)"))
