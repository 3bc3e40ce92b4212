"""Exercise pictures: pictogram strips drawn with Pillow at build time.

`packaging/make_pictures.py` runs the drawings in `nudge.pictures.exercises` and writes
`nudge/data/pictures/<id>-<light|dark>.png`; the app only reads those files
(`nudge.config.exercise_pictures`), so it never loads Pillow for them.
"""
