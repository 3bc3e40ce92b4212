"""Can the window toolkit (Qt 6 through PySide6) load here, and if not, what to install.

Imported by `nudge settings|insights|welcome` before any Qt module, on the main thread; it never
imports Qt at module level, so the tray can import it to tell a missing toolkit apart.
A wheel without the optional extra says `pip install "nudge[windows]"`; a Qt library that cannot
find a system library names the library and, on Debian and Ubuntu, the package that has it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

from nudge.i18n import _

# Exit code of a window command when the toolkit cannot load: the tray then falls back to the
# files (the config in an editor, the weekly picture in an image viewer).
NO_TOOLKIT = 3

# The system libraries Qt's X11 and Wayland platforms link to, and their Debian/Ubuntu packages
# (found with `objdump -p` over PySide6's Qt libraries and plugins). `.ci/run` installs them.
DEBIAN_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}
_MISSING_LIBRARY = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


# What Qt's X11 platform plugin loads on top of the Qt libraries themselves: when one is
# missing Qt aborts the process when the window opens, so it is looked for first.
_XCB_PLUGIN_LIBRARIES = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0",
                         "libxcb-keysyms.so.1", "libxcb-randr.so.0", "libxcb-render-util.so.0",
                         "libxcb-shape.so.0", "libxcb-xkb.so.1", "libxkbcommon-x11.so.0",
                         "libX11-xcb.so.1")


def toolkit_problem(env: Mapping[str, str] | None = None) -> str | None:
    """None when PySide6's widgets can open a window here; else what to install or do."""
    env = os.environ if env is None else env
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or
                                                 env.get("WAYLAND_DISPLAY")):
        return _("There is no display here for a window (DISPLAY and WAYLAND_DISPLAY are "
                 "unset). Open it from your desktop session, or use `nudge config --path` and "
                 "edit the file.")
    try:
        import PySide6.QtWidgets  # noqa: F401  # the first import that needs system libraries
    except ImportError as error:
        return missing_toolkit_words(str(error), getattr(error, "name", None))
    if sys.platform.startswith("linux") and _uses_xcb(env):
        import ctypes

        for library in _XCB_PLUGIN_LIBRARIES:
            try:
                ctypes.CDLL(library)
            except OSError:
                return missing_toolkit_words(f"{library}: cannot open shared object file", None)
    return None


def _uses_xcb(env: Mapping[str, str]) -> bool:
    wanted = env.get("QT_QPA_PLATFORM", "")
    return wanted.startswith("xcb") or (not wanted and not env.get("WAYLAND_DISPLAY"))


def missing_toolkit_words(error: str, module: str | None) -> str:
    """The fix for an ImportError of PySide6 (its text and the module that was missing)."""
    library = _MISSING_LIBRARY.search(error)
    if library is not None:
        name = library[1]
        package = DEBIAN_PACKAGES.get(name)
        if package:
            return _("The windows need the system library {library}, which is missing here: "
                     "install it (on Debian or Ubuntu: sudo apt install {package}). Everything "
                     "else works as before (`nudge config --path` shows the settings "
                     "file).").format(library=name, package=package)
        return _("The windows need the system library {library}, which is missing here: "
                 "install the package that has it with your system's package manager. "
                 "Everything else works as before (`nudge config --path` shows the settings "
                 "file).").format(library=name)
    if module is None or module.split(".")[0] == "PySide6" or "PySide6" in error:
        return _('The windows need Qt for Python, which is not installed: '
                 'pip install "nudge[windows]" (or pipx inject nudge PySide6-Essentials). '
                 "Everything else works as before (`nudge config --path` shows the settings "
                 "file).")
    return _("The windows could not load Qt for Python ({problem}). Reinstalling it usually "
             'helps: pip install --force-reinstall "nudge[windows]".').format(problem=error)
