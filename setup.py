"""Build hook: put the repository's `assets/` into the wheel as `nudge/assets/`.

Everything else about the package is in pyproject.toml. The icons live once, at the top of the
repository (`assets/`, written by packaging/make_icons.py), where the desktop files and the
PyInstaller spec also find them; this copies them into the built package so an installed nudge
carries them too. An editable install (`pip install -e .`) reads them from the checkout instead.

Who reads the copy at run time: `nudge/assets/nudge.png` is the app icon that notifications
carry (the `app_icon` the composition root, nudge/app/root.py, hands to nudge/notify). It cannot
come from `nudge/tray/pixmaps/` (those are strips of tray states, not the app icon), and
pyproject's package-data reaches only files inside the package, hence this hook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ASSETS = Path(__file__).resolve().parent / "assets"
PACKAGE_ASSETS = Path("nudge") / "assets"


class BuildWithAssets(build_py):
    def run(self) -> None:
        editable = getattr(self, "editable_mode", False)
        if not editable:
            # pip builds in the source tree: a module deleted since the last build would
            # otherwise linger in build/lib and ship in the wheel.
            shutil.rmtree(Path(self.build_lib) / "nudge", ignore_errors=True)
        super().run()
        if editable:
            return
        if not ASSETS.is_dir():
            raise SystemExit(f"{ASSETS} is missing: the wheel needs the icons. Build from a "
                             "full checkout or an sdist made with MANIFEST.in.")
        target = Path(self.build_lib) / PACKAGE_ASSETS
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ASSETS, target, ignore=shutil.ignore_patterns("*.md"))


setup(cmdclass={"build_py": BuildWithAssets})
