"""The commented config file `nudge` writes for a new user: every key, set to its default.

Loading this text must give exactly `AppConfig()`; `tests/test_config_files.py` checks that and
that every key the schema knows is listed here.
"""

DEFAULT_CONFIG_TEXT = """\
# nudge settings. Every key is shown with its default; change what you like and save.
# nudge picks up changes while it runs; a mistake keeps the last good settings and says why.
# Durations are text in quotes: "20s", "30m", "1h30m" (h, m, s).

[app]
# How nudge shows itself: "auto" (tray icon if the desktop has one), "tray" or "terminal".
# Read at start: restart nudge after changing it.
ui = "auto"

[schedule]
# Nudge to do a glute-first chair rise after this much sitting (1s to 8h).
rise_every = "30m"
# Nudge for a standing hip-flexor stretch after this much sitting (1s to 8h).
hip_flexor_every = "1h30m"
# No keyboard or mouse input for this long counts as a break away from the desk.
away_after = "5m"
# Once a nudge is due, wait up to this long for a pause in your typing before showing it.
pause_wait = "1m30s"
# No input for this long counts as a pause in typing (must be shorter than away_after).
typing_pause = "5s"
# How long "Snooze" waits by default.
snooze = "10m"
# The snooze lengths offered in the menu (1 to 6 of them).
snooze_choices = ["5m", "10m", "20m"]
# A nudge nobody answered is shown once more after this, then counted as missed.
reshow_after = "5m"
# Never show two different nudges closer together than this.
min_gap = "5m"
# The day's Nth rise nudge becomes a quick glute activation check instead.
activation_check_at_offer = 3

[schedule.work_hours]
# When nudge may remind you, per day: "08:00-18:00", several ranges like
# "08:00-12:00, 13:00-17:30", or "off". "24:00" is allowed as an end.
mon = "08:00-18:00"
tue = "08:00-18:00"
wed = "08:00-18:00"
thu = "08:00-18:00"
fri = "08:00-18:00"
sat = "off"
sun = "off"

# Regular times with no nudges, such as a weekly meeting. Repeat the block for each one.
# [[schedule.pauses]]
# day = "tue"
# hours = "14:00-15:00"

[goals]
# Rises done in a day that make it count towards your streak.
daily_rises = 6
# Days in a row at the goal that unlock each harder exercise (single-leg bridge, then squat;
# the bridge is a floor exercise, so without floor below the squat comes at the second count).
progression_unlock_days = [5, 10]

[exercises]
# Offer exercises done lying on the floor (the face-down leg-lift check, the single-leg
# bridge). Off: the seated glute check and standing exercises take their place.
floor = false

[blockers]
# A due nudge waits while one of these says you must not be interrupted; `nudge doctor`
# shows which ones work on this desktop.
# While the focused window is fullscreen (a video, a game, a slide show).
fullscreen = true
# While the desktop's own do-not-disturb is on (or dunst is paused).
do_not_disturb = true
# While some program has the camera open.
camera = true
# While some app is recording from a microphone.
microphone = true
# While the screen is being shared (best effort: Wayland screen casts through PipeWire).
screen_sharing = true
# Program names that hold nudges back while they run at all, like ["zoom", "teams"].
apps = []
# Program names that hold nudges back only while their window has the focus, like ["vlc"].
focused_apps = []
# Where cameras appear (patterns; the camera check looks for these being open).
video_devices = ["/dev/video*"]
"""
