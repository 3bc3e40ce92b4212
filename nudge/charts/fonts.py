"""Which font draws the pictures' words in the user's language.

English uses pillow's built-in font. It has plain ASCII letters only (no ä ö ü ß é ç ñ ł ą,
no narrow no-break space), so every other language needs a font with its letters: fontconfig's
choice on Linux (`fc-match ':lang=de'`, DejaVu or Noto; a subprocess, so this runs only in the
picture-making process, never in the all-day app), the documented system fonts on Windows and
macOS. None found: the picture is drawn in English, and `nudge doctor` names the package to
install (`font_package`: fonts-noto-cjk for Japanese, Chinese and Korean, else fonts-dejavu-core).

Runs on the thread that draws the picture, or a probe's thread in `nudge doctor`; `font_for`'s
answer is cached.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

CJK_FONT_PACKAGE = "fonts-noto-cjk"
LATIN_FONT_PACKAGE = "fonts-dejavu-core"  # Latin, Greek and Cyrillic letters
_WINDOWS = {"ja": ("YuGothM.ttc", "meiryo.ttc", "msgothic.ttc"), "zh": ("msyh.ttc", "simsun.ttc"),
            "ko": ("malgun.ttf", "gulim.ttc")}
_MACOS = {"ja": ("ヒラギノ角ゴシック W3.ttc", "Hiragino Sans W3.ttc"),
          "zh": ("PingFang.ttc", "Hiragino Sans GB.ttc", "STHeiti Medium.ttc"),
          "ko": ("AppleSDGothicNeo.ttc", "AppleGothic.ttf")}
_MACOS_DIRS = ("/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts")


def script_of(language: str) -> str | None:
    """"ja", "zh" or "ko" for a language that needs a CJK font; None for another."""
    base = language.split("_")[0].lower()
    return base if base in ("ja", "zh", "ko") else None


def needs_system_font(language: str) -> bool:
    """Whether `language`'s words need more than the built-in font's ASCII letters: every
    language but English (German umlauts, French accents and number spaces, Polish ł ą ś)."""
    return language.split("_")[0].lower() != "en"


def font_package(language: str) -> str:
    """The Debian/Ubuntu package with a font for `language`'s letters."""
    return CJK_FONT_PACKAGE if script_of(language) else LATIN_FONT_PACKAGE


@functools.cache
def font_for(language: str, platform: str = sys.platform) -> Path | None:
    """A font file with the glyphs `language` needs; None for pillow's built-in font
    (English) or when no such font is installed."""
    script = script_of(language)
    if not needs_system_font(language):
        return None
    if script is None:  # Latin letters with accents: the system's usual font
        if platform == "win32":
            return _first_file([_windows_fonts() / "segoeui.ttf"])
        if platform == "darwin":
            return _first_file([Path("/System/Library/Fonts/Helvetica.ttc")])
        return _fontconfig(language)
    if platform == "win32":
        return _first_file(_windows_fonts() / name for name in _WINDOWS[script])
    if platform == "darwin":
        return _first_file(Path(folder) / name for name in _MACOS[script] for folder in _MACOS_DIRS)
    return _fontconfig(language)


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _fontconfig(language: str) -> Path | None:
    tag = language.replace("_", "-").lower()
    try:
        done = subprocess.run(["fc-match", "-f", "%{file}\n%{lang}", f":lang={tag}"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, langs = done.stdout.partition("\n")
    # fc-match always answers with its best font; it only has the glyphs if it covers the tag.
    covered = {lang.split("-")[0] for lang in langs.split("|")}
    if done.returncode != 0 or not file or tag.split("-")[0] not in covered:
        return None
    return _first_file([Path(file)])


def _first_file(paths: Iterable[Path]) -> Path | None:
    return next((path for path in paths if path.is_file()), None)
