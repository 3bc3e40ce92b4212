"""The "How to do it" card: one exercise's name, where it is done and its reps, its picture
strip (start → movement → end) and its numbered cues. GUI thread only.

Opened from the tray while a nudge waits, and by `nudge exercise show ID --window`. A built-in
exercise's strip is drawn here at the window's device pixel ratio from the drawing code
(`nudge.pictures`), so it is sharp at 200 % and follows a dark palette; a user's own picture file
is scaled to fit; an exercise with no picture shows its cues only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nudge.config.exercise_pictures import shipped_picture
from nudge.core.catalogue import MEDICAL_NOTE, Catalogue, Exercise, Where
from nudge.i18n import N_, _
from nudge.paths import Paths
from nudge.windows.run import fit_screen
from nudge.windows.style import closing_keys, help_label, picture_theme

FRAME_PT = 170  # one frame's side in logical pixels, when the screen has room for it
SMALLEST_FRAME_PT = 72
OWN_PICTURE_PT = (450, 220)  # the most a user's own picture may take (width, height)
# Translators: where an exercise is done, at the start of a line of the "How to do it" card.
PLACES = {Where.CHAIR: N_("In your chair"), Where.STANDING: N_("Standing"),
          Where.FLOOR: N_("On the floor")}
_REDRAWN_ON = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)


class HowToWindow(QWidget):
    def __init__(self, paths: Paths, exercise_id: str) -> None:
        super().__init__()
        self.paths = paths
        self.exercise: Exercise | None = None
        self.picture: QLabel | None = None
        self.frame_pt = FRAME_PT
        self._drawn_for: tuple[str, float] | None = None  # (theme, ratio) the picture is for
        self.name = self.where = QLabel()  # each exercise's own, made in `_body`
        self.cues: list[QLabel] = []
        self.scroller = QScrollArea()  # a small screen at 200 % scrolls instead of squeezing
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        close = QPushButton(_("Close"))
        close.setDefault(True)
        close.clicked.connect(self.close)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(close)
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.scroller, 1)
        self.outer.addLayout(self.buttons)
        closing_keys(self)
        self.show_exercise(exercise_id)

    def show_exercise(self, exercise_id: str) -> None:
        """Show `exercise_id` (read afresh: exercises.toml may have changed since); an id that
        is no longer there leaves the card as it is."""
        if self.exercise is not None and self.exercise.id == exercise_id:
            return
        exercise = _catalogue(self.paths).by_id(exercise_id)
        if exercise is None:
            return
        self.exercise = exercise
        # Translators: the "How to do it" card's window title; {exercise} is its name.
        self.setWindowTitle(_("How to do it: {exercise}").format(exercise=exercise.name))
        self.frame_pt = self._frame_size(exercise)
        self.picture = self._picture_label(exercise)
        self._drawn_for = None
        body = self._body(exercise)
        self.scroller.setWidget(body)  # the old body (and its labels) goes
        self._draw_picture()  # the label in its place first: shown alone it is a window
        self._fit(body)

    def _body(self, exercise: Exercise) -> QWidget:
        body = QWidget()
        self.name = QLabel(exercise.name)
        self.name.setTextFormat(Qt.TextFormat.PlainText)  # a user's name may hold a "<"
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setWordWrap(True)
        # Translators: under an exercise's name: where it is done and how many times, e.g.
        # "In your chair · 5 reps" or "Standing · 2 rounds".
        self.where = QLabel(_("{place} · {reps}").format(
            place=_(PLACES[exercise.where]), reps=exercise.count_words(exercise.reps)))
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.name)
        column.addWidget(self.where)
        if self.picture is not None:
            column.addSpacing(6)
            column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(6)
        steps = QGridLayout()
        steps.setColumnStretch(1, 1)
        steps.setVerticalSpacing(6)
        self.cues = []
        for row, cue in enumerate(exercise.cues):
            number = QLabel(f"{row + 1}.")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            words = QLabel(cue)
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setWordWrap(True)
            steps.addWidget(number, row, 0)
            steps.addWidget(words, row, 1)
            self.cues.append(words)
        column.addLayout(steps)
        column.addSpacing(6)
        column.addWidget(help_label(_(MEDICAL_NOTE)))
        column.addStretch(1)
        return body

    def _picture_label(self, exercise: Exercise) -> QLabel | None:
        if not (exercise.picture or exercise.id in _drawings() or
                shipped_picture(exercise.id) is not None):
            return None  # no picture: the cues alone, no empty box
        label = QLabel()
        label.setAccessibleName(_("Picture of {exercise}").format(exercise=exercise.name))
        label.setAccessibleDescription(exercise.alt)
        label.setToolTip(exercise.alt)
        return label

    def _frame_size(self, exercise: Exercise) -> int:
        """A frame's side: `FRAME_PT`, smaller when the strip would not fit the screen's width
        beside a scroll bar, or would take more than 40 % of its height (1280 × 720 at 200 %
        is 640 × 360 points: the cues must show under the picture)."""
        frames = _frame_count(exercise.id)
        screen = self.screen().availableGeometry()
        room = int(screen.width() * 0.95) - 2 * self.outer.contentsMargins().left() \
            - _scroll_bar_width(self) - 8
        return max(SMALLEST_FRAME_PT, min(FRAME_PT, room // max(1, frames),
                                          int(screen.height() * 0.9 * 0.4)))

    def _draw_picture(self) -> None:
        """(Re)draw the picture for the palette's theme and the screen's pixel ratio."""
        exercise, label = self.exercise, self.picture
        if exercise is None or label is None:
            return
        theme, ratio = self.theme(), self.devicePixelRatioF()
        if self._drawn_for == (theme, ratio):
            return
        self._drawn_for = (theme, ratio)
        pixmap = _drawn_pixmap(exercise, theme, round(self.frame_pt * ratio)) \
            if not exercise.picture and exercise.id in _drawings() else \
            _file_pixmap(_file_of(exercise, theme), self.frame_pt, ratio)
        if pixmap is None:
            label.setVisible(False)
            return
        pixmap.setDevicePixelRatio(ratio)
        label.setPixmap(pixmap)
        label.setFixedSize(round(pixmap.width() / ratio), round(pixmap.height() / ratio))
        label.setVisible(True)

    def theme(self) -> str:
        """The pictures' theme: "dark" on a dark window palette."""
        return picture_theme(self)

    def changeEvent(self, event: QEvent) -> None:
        """A dark theme turned on."""
        super().changeEvent(event)
        if event.type() in _REDRAWN_ON and hasattr(self, "_drawn_for"):  # not while building
            self._draw_picture()

    def event(self, event: QEvent) -> bool:
        """The window moved to a screen of another scale: Qt says so here, not to
        `changeEvent`."""
        handled = super().event(event)
        if event.type() == QEvent.Type.DevicePixelRatioChange and hasattr(self, "_drawn_for"):
            self._draw_picture()
        return handled

    def _fit(self, body: QWidget) -> None:
        """Big enough for the whole card (the cues wrapped at the picture's width), with room
        for a scroll bar where the screen is too low for it, and never bigger than the screen
        (`fit_screen`): there the card scrolls."""
        layout = self.outer
        wide = max(420, body.minimumSizeHint().width(),
                   self.picture.width() if self.picture is not None else 0)
        tall = body.heightForWidth(wide)
        margins = layout.contentsMargins()
        height = (tall if tall > 0 else body.sizeHint().height()) + layout.spacing() \
            + self.buttons.sizeHint().height() + margins.top() + margins.bottom() + 4
        if height > int(self.screen().availableGeometry().height() * 0.9):
            wide += _scroll_bar_width(self)
        self.resize(wide + margins.left() + margins.right() + 4, height)
        fit_screen(self)  # also when a second request switched the card to a longer one

def _catalogue(paths: Paths) -> Catalogue:
    """The exercises as the app knows them: shipped ones merged with exercises.toml, or the
    shipped ones alone while that file has a problem (`nudge exercise show` says it)."""
    from nudge.config.exercise_files import usable_catalogue

    return usable_catalogue(paths.user_exercises_file).catalogue


def _scroll_bar_width(widget: QWidget) -> int:
    return widget.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, widget) + 2


def _drawings() -> frozenset[str]:
    from nudge.pictures.exercises import DRAWINGS

    return frozenset(DRAWINGS)


def _frame_count(exercise_id: str) -> int:
    from nudge.pictures.exercises import DRAWINGS

    drawing = DRAWINGS.get(exercise_id)
    return len(drawing()) if drawing is not None else 3


def draw_strip_image(exercise_id: str, theme: str, frame_px: int) -> QImage:
    """The built-in exercise's strip, each frame `frame_px` device pixels square, drawn afresh
    (not the shipped 256 px file scaled)."""
    from nudge.pictures import draw_exercise_strip

    strip = draw_exercise_strip(exercise_id, theme, frame_px)
    data = strip.convert("RGB").tobytes("raw", "RGB")
    return QImage(data, strip.width, strip.height, strip.width * 3,
                  QImage.Format.Format_RGB888).copy()  # copy: Qt owns its pixels from here


def _drawn_pixmap(exercise: Exercise, theme: str, frame_px: int) -> QPixmap:
    return QPixmap.fromImage(draw_strip_image(exercise.id, theme, frame_px))


def _file_of(exercise: Exercise, theme: str) -> Path | None:
    return Path(exercise.picture) if exercise.picture else shipped_picture(exercise.id, theme)


def _file_pixmap(path: Path | None, frame_pt: int, ratio: float) -> QPixmap | None:
    """A picture file scaled smoothly to fit the card (never enlarged past twice its size)."""
    if path is None:
        return None
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return None
    wide, tall = OWN_PICTURE_PT
    tall = min(tall, round(frame_pt * 1.5))
    box_w = min(round(wide * ratio), pixmap.width() * 2)
    box_h = min(round(tall * ratio), pixmap.height() * 2)
    return pixmap.scaled(box_w, box_h, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
