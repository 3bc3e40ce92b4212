"""How many reps nudge accepts: one logged rise, and one exercise's count in a catalogue.

Pure constants with no imports, so the command line's first module (`nudge.cli.plain_words`,
loaded before `typing`) can read them too. Any thread.
"""

MOST_LOGGED_REPS = 100  # `nudge log rise --reps`, the terminal's and the tray's counts, the wire
# A notification title is `name — N reps` (`N rounds` for a hold); with reps <= 50 a 48-character
# name keeps it within 60 characters, the ~60 a notification title shows before desktops cut it.
CATALOGUE_REPS = (1, 50)
