"""The built wheel works on its own: installed into a fresh venv, run from outside the checkout.

The README's `pipx install ./nudge` is run as written, on a copy of the checkout, with pipx's
folders in tmp. The wheel is built from a copy of the source (so no build/ is left in the
tree), installed with its dependencies from the package index into a new venv (pip's cache
makes a re-run fast), and `nudge --version` / `nudge summary` run with the working directory
and NUDGE_HOME in tmp, so nothing can come from the checkout. Then the installed package is
checked for the icons and the exercise catalogue it must carry.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import nudge

ROOT = Path(__file__).resolve().parents[1]
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)  # as packaging/make_icons.py writes them
SOURCE_PARTS = ("nudge", "assets", "packaging", "pyproject.toml", "setup.py", "MANIFEST.in",
                "README.md", "CHANGELOG.md")
BUILD_TIMEOUT = 300  # seconds; a cold pip cache downloads pillow, dbus-fast and the rest


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=BUILD_TIMEOUT)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would point Python back at the checkout."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    return {**env, **extra}


def _copy_source(source: Path) -> None:
    """The files a checkout has that a build reads, without build leftovers."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for part in SOURCE_PARTS:
        origin = ROOT / part
        if origin.is_dir():
            shutil.copytree(origin, source / part, ignore=ignore)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / part)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the freshly built wheel installed; returns the venv's bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    _copy_source(source)
    env = _clean_env()
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist",
         source, cwd=work, env=env)
    wheels = list((work / "dist").glob("nudge-*.whl"))
    assert len(wheels) == 1, wheels
    venv = work / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=work, env=env)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheels[0], cwd=work, env=env)
    return venv / "bin"


def _package_dir(installed: Path, cwd: Path) -> Path:
    """Where the venv's Python imports nudge from."""
    where = _run(installed / "python", "-c", "import nudge, pathlib; "
                 "print(pathlib.Path(nudge.__file__).parent)", cwd=cwd, env=_clean_env())
    return Path(where.stdout.strip())


def test_version_comes_from_one_place() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "nudge.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", nudge.__version__)


def test_changelog_top_release_is_the_package_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.MULTILINE)
    assert releases, "CHANGELOG.md has no '## [x.y.z] - date' release heading"
    assert releases[0] == nudge.__version__
    assert "## [Unreleased]" in changelog


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is the POSIX one")
def test_installed_wheel_runs_from_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    env = _clean_env(NUDGE_HOME=str(tmp_path / "home"))
    version = _run(installed / "nudge", "--version", cwd=tmp_path, env=env)
    assert version.stdout.strip() == f"nudge {nudge.__version__}"
    summary = _run(installed / "nudge", "summary", cwd=tmp_path, env=env)
    assert "Traceback" not in summary.stdout + summary.stderr
    assert re.search(r"\d{4}-W\d{2}", summary.stdout), summary.stdout
    assert (installed / "nudge-tray").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is the POSIX one")
def test_installed_package_carries_the_icons_and_the_exercise_catalogue(
        installed: Path, tmp_path: Path) -> None:
    package = _package_dir(installed, tmp_path)
    assert ROOT not in package.parents, f"imported from the checkout: {package}"
    for size in HICOLOR_SIZES:
        icon = package / "assets" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "nudge.png"
        original = ROOT / "assets" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "nudge.png"
        assert icon.read_bytes() == original.read_bytes(), icon
    assert (package / "assets" / "nudge.png").read_bytes() == (ROOT / "assets" /
                                                             "nudge.png").read_bytes()
    catalogue = package / "data" / "exercises.toml"
    assert catalogue.read_bytes() == (ROOT / "nudge" / "data" / "exercises.toml").read_bytes()
    assert "[[exercise]]" in catalogue.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is the POSIX one")
def test_installed_package_has_every_data_file_of_the_source(installed: Path,
                                                             tmp_path: Path) -> None:
    """A data file added under nudge/ but not to package-data would be missing only when
    installed; this names it."""
    package = _package_dir(installed, tmp_path)
    source = ROOT / "nudge"
    data = [path.relative_to(source) for path in source.rglob("*") if path.is_file()
            and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts]
    missing = [str(path) for path in data if not (package / path).is_file()]
    assert not missing, f"not in the wheel (add them to package-data in pyproject.toml): {missing}"


@pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is the POSIX one")
def test_pipx_installs_the_checkout_as_the_readme_says(tmp_path: Path) -> None:
    checkout = tmp_path / "nudge"
    _copy_source(checkout)
    pipx = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin"),
            "PIPX_MAN_DIR": str(tmp_path / "man")}
    # pipx is the dev extra's, run by this Python; the README's words from here on.
    _run(sys.executable, "-m", "pipx", "install", "./nudge", cwd=tmp_path, env=_clean_env(**pipx))
    command = tmp_path / "bin" / "nudge"
    assert command.exists(), sorted(path.name for path in command.parent.iterdir())
    env = _clean_env(NUDGE_HOME=str(tmp_path / "home"))
    away = tmp_path / "elsewhere"
    away.mkdir()
    version = _run(command, "--version", cwd=away, env=env)
    assert version.stdout.strip() == f"nudge {nudge.__version__}"
    summary = _run(command, "summary", cwd=away, env=env)
    assert re.search(r"\d{4}-W\d{2}", summary.stdout), summary.stdout
    where = _run(tmp_path / "pipx" / "venvs" / "nudge" / "bin" / "python", "-c",
                 "import nudge, pathlib; print(pathlib.Path(nudge.__file__).parent)",
                 cwd=away, env=env)
    assert Path(where.stdout.strip()).is_relative_to(tmp_path / "pipx"), where.stdout
