"""The "How to do it" card in-process (pytest-qt, Qt's offscreen platform): the exercise's name,
where and how many, its numbered cues, its picture strip with the alt text as accessible text,
drawn for a dark palette and at the screen's pixel ratio; a user's own picture scaled to fit,
none at all for an exercise without one; Close closes it (Escape: on the real desktop, in
tests/test_windows_desktop.py); a second request switches it. Screenshots at 100 % and 200 %
(and in German) on a 1280 × 720 screen go to artifacts/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from conftest import cli_env
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QPushButton

from nudge.config.exercise_files import load_catalogue
from nudge.paths import Paths, resolve_paths
from nudge.pictures.exercises import DRAWINGS
from nudge.pictures.render import PALETTES, Theme, draw_strip
from nudge.windows.howto_window import OWN_PICTURE_PT, HowToWindow
from nudge.windows.run import asked_again

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NO_PICTURE = ('[[exercise]]\nid = "wall_sit"\nname = "Wall sit"\ncues = ["Back to the wall.", '
              '"Slide down and hold."]\nreps = 3\nkind = "activation"\nwhere = "standing"\n')
# A 1280 × 720 screen for the offscreen platform: at 200 % it is 640 × 360 points.
SCREEN = {"screens": [{"name": "s", "x": 0, "y": 0, "width": 1280, "height": 720,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    found = resolve_paths()
    found.config_dir.mkdir(parents=True)
    return found


def card(qtbot, paths: Paths, exercise_id: str) -> HowToWindow:  # type: ignore[no-untyped-def]
    window = HowToWindow(paths, exercise_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def pixel(window: HowToWindow, x: int = 3, y: int = 3) -> tuple[int, int, int]:
    assert window.picture is not None
    colour = window.picture.pixmap().toImage().pixelColor(x, y)
    return (colour.red(), colour.green(), colour.blue())


def test_the_card_shows_the_name_where_reps_cues_and_the_picture_with_its_alt_text(
        qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    rise = load_catalogue(None).catalogue.by_id("glute_rise")
    assert rise is not None and rise.alt
    window = card(qtbot, paths, "glute_rise")

    assert window.windowTitle() == "How to do it: Glute-first chair rise"
    assert window.name.text() == "Glute-first chair rise"
    assert window.where.text() == "In your chair · 5 reps"
    assert [cue.text() for cue in window.cues] == list(rise.cues)
    numbers = [label.text() for label in window.scroller.widget().findChildren(QLabel)
               if label.text().endswith(".") and label.text()[:-1].isdigit()]
    assert numbers == [f"{n}." for n in range(1, len(rise.cues) + 1)]
    picture = window.picture
    assert picture is not None and picture.isVisible() and not picture.pixmap().isNull()
    assert picture.accessibleName() == "Picture of Glute-first chair rise"
    assert picture.accessibleDescription() == rise.alt
    frames = len(DRAWINGS["glute_rise"]())
    assert (picture.width(), picture.height()) == (window.frame_pt * frames, window.frame_pt)
    assert pixel(window) == PALETTES[Theme.LIGHT].background


def test_close_closes_the_card(qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    window = card(qtbot, paths, "hip_flexor_break")  # Escape: tests/test_windows_desktop.py
    close = next(b for b in window.findChildren(QPushButton) if b.text() == "Close")
    assert close.isDefault()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_a_dark_palette_gets_the_dark_picture(qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    window = card(qtbot, paths, "single_leg_bridge")
    assert window.theme() == "light" and pixel(window) == PALETTES[Theme.LIGHT].background

    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor(32, 33, 36))
    dark.setColor(QPalette.ColorRole.WindowText, QColor(232, 234, 237))
    window.setPalette(dark)  # as a desktop switching to its dark theme does

    assert window.theme() == "dark"
    assert pixel(window) == PALETTES[Theme.DARK].background
    assert window.picture is not None and window.picture.accessibleDescription()


def test_an_exercise_without_a_picture_shows_its_cues_and_no_empty_box(
        qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    paths.user_exercises_file.write_text(NO_PICTURE)
    window = card(qtbot, paths, "wall_sit")

    assert window.picture is None
    assert [cue.text() for cue in window.cues] == ["Back to the wall.", "Slide down and hold."]
    assert window.where.text() == "Standing · 3 reps"
    labels = window.scroller.widget().findChildren(QLabel)
    assert not [label for label in labels if not label.pixmap().isNull()]
    assert not [label for label in labels if label.accessibleName().startswith("Picture")]


def test_a_user_exercise_shows_its_own_picture_scaled_smoothly_to_fit(
        qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    own = paths.config_dir / "wall.png"
    Image.new("RGB", (1200, 400), (200, 30, 30)).save(own)
    paths.user_exercises_file.write_text(NO_PICTURE.replace(
        'where = "standing"\n', 'where = "standing"\npicture = "wall.png"\nalt = "A wall."\n'))
    window = card(qtbot, paths, "wall_sit")

    picture = window.picture
    assert picture is not None and picture.accessibleDescription() == "A wall."
    shown = picture.pixmap()
    assert shown.width() <= OWN_PICTURE_PT[0] and shown.height() <= OWN_PICTURE_PT[1]
    assert shown.width() == 3 * shown.height()  # its shape kept
    assert pixel(window, 40, 40) == (200, 30, 30)


def test_a_second_request_switches_the_open_card_to_its_exercise(
        qtbot, paths: Paths) -> None:  # type: ignore[no-untyped-def]
    window = card(qtbot, paths, "glute_rise")
    asked_again(window, "kneeling_hip_flexor")  # what OneWindow calls with the id it was sent

    assert window.name.text() == "Half-kneeling hip-flexor stretch"
    assert window.where.text() == "On the floor · 2 rounds"  # a stretch is held, in rounds
    assert window.windowTitle() == "How to do it: Half-kneeling hip-flexor stretch"
    assert window.picture is not None
    assert window.picture.accessibleName() == "Picture of Half-kneeling hip-flexor stretch"
    asked_again(window, "no_such_exercise")  # gone from exercises.toml meanwhile: kept as is
    assert window.name.text() == "Half-kneeling hip-flexor stretch"


def shoot(tmp_path: Path, exercise_id: str, scale: str, name: str, *then: str,
          **env: str) -> dict[str, object]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    ARTIFACTS.mkdir(exist_ok=True)
    home = tmp_path / "home"
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("howto_shot.py")), exercise_id,
         str(ARTIFACTS / f"{name}.png"), str(tmp_path / f"{name}-picture.png"), *then],
        env={**cli_env(home), "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
             "QT_SCALE_FACTOR": scale, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
             **env},
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    said: dict[str, object] = json.loads(done.stdout)
    return said


@pytest.mark.parametrize("scale", ["1", "2"])
def test_the_picture_is_drawn_at_the_screens_pixel_ratio_and_the_card_fits_the_screen(
        tmp_path: Path, scale: str) -> None:
    ratio = int(scale)
    said = shoot(tmp_path, "glute_rise", scale, f"howto-card-{ratio * 100}")

    assert said["ratio"] == said["picture_ratio"] == float(ratio)
    frame_pt = int(said["frame_pt"])  # type: ignore[call-overload]
    frames = DRAWINGS["glute_rise"]()
    assert said["picture_pt"] == [frame_pt * len(frames), frame_pt]
    assert said["picture"] == [frame_pt * ratio * len(frames), frame_pt * ratio]
    # drawn afresh at that size, not the 256 px file scaled: the very pixels of the drawing
    drawn = draw_strip(frames, Theme.LIGHT, frame_pt * ratio)
    assert Image.open(tmp_path / f"howto-card-{ratio * 100}-picture.png").convert("RGB") \
        .tobytes() == drawn.tobytes()
    window, screen = said["window"], said["screen"]
    assert isinstance(window, list) and isinstance(screen, list)
    assert window[0] <= screen[0] and window[1] <= screen[1]
    assert said["scroll_needed"] is (ratio == 2)  # 360 points high: the cues scroll


def test_the_card_in_german_fits_with_its_long_words(tmp_path: Path) -> None:
    from nudge import i18n

    i18n.install("de")
    german = load_catalogue(None).catalogue.by_id("standing_hip_extension")
    assert german is not None and german.name != "Standing hip extension"
    said = shoot(tmp_path, "standing_hip_extension", "1", "howto-card-de", LANGUAGE="de")

    assert str(said["title"]).endswith(german.name)
    window, screen = said["window"], said["screen"]
    assert isinstance(window, list) and isinstance(screen, list)
    assert window[0] <= screen[0] and window[1] <= screen[1]


def test_switched_to_a_longer_exercise_the_card_still_fits_the_screen(tmp_path: Path) -> None:
    """A second request made the card as tall as its new exercise: at 200 % on 1280 × 720
    (360 points) 394 points high, its Close button below the screen's edge."""
    said = shoot(tmp_path, "standing_glute_squeeze", "2", "howto-card-switched-200",
                 "glute_rise")
    assert str(said["title"]).endswith("Glute-first chair rise")
    window, screen = said["window"], said["screen"]
    assert isinstance(window, list) and isinstance(screen, list)
    assert window[0] <= screen[0] and window[1] <= screen[1], said
    assert said["scroll_needed"] is True


def test_the_picture_never_shows_as_a_window_of_its_own(tmp_path: Path) -> None:
    """The picture's label was shown before it had its place in the card: a top-level window
    for a moment, on opening and on every switch."""
    said = shoot(tmp_path, "glute_rise", "1", "howto-card-label", "kneeling_hip_flexor")
    assert said["label_windows_shown"] == 0


def test_moved_to_a_screen_of_another_scale_the_picture_is_drawn_again(
        qtbot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Qt tells a widget of a new pixel ratio in `event`, not `changeEvent`: the card kept
    its 1× strip on a 200 % screen, blurred."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from nudge.windows import howto_window

    window = card(qtbot, paths, "glute_rise")
    drawn: list[int] = []  # the frame size, in device pixels, of each drawing
    draw = howto_window._drawn_pixmap
    monkeypatch.setattr(howto_window, "_drawn_pixmap", lambda exercise, theme, frame_px: (
        drawn.append(frame_px), draw(exercise, theme, frame_px))[1])
    monkeypatch.setattr(window, "devicePixelRatioF", lambda: 2.0)  # as on the new screen
    QApplication.sendEvent(window, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert drawn == [2 * window.frame_pt]  # drawn again, with twice the pixels
