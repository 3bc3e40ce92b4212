"""Linux desktop integration files: the .desktop entry, the AppStream metainfo and the icons.

Validated with the freedesktop tools themselves (`desktop-file-validate` from desktop-file-utils,
`appstreamcli` from appstream; .ci/run installs both), plus the links between the files: the
.desktop file is named after the AppStream id, its icon exists at every hicolor size, and the
metainfo's newest release is the package version.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

import nudge

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.nudge.Nudge"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian/Ubuntu package {package}; .ci/run "
                    "installs it)")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep keys case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run([tool, "validate", "--no-net", "--no-color", str(METAINFO)],
                            capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    problems = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, output


def test_desktop_file_is_named_after_the_appstream_id_and_launches_nudge() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/binary") == "nudge"
    entry = _desktop_entry()
    assert entry["Exec"] == "nudge" and entry["Terminal"] == "false"
    assert sorted(path.name for path in LINUX.glob("*.desktop")) == [DESKTOP.name]


def test_desktop_icon_exists_at_every_hicolor_size() -> None:
    icon = _desktop_entry()["Icon"]
    for size in HICOLOR_SIZES:
        path = ROOT / "assets" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{icon}.png"
        with Image.open(path) as image:
            assert image.size == (size, size), path


def test_metainfo_newest_release_is_the_package_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == nudge.__version__
