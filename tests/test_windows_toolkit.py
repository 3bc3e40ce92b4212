"""When no window can open, the window commands say exactly what to install or do (exit 3, so
the tray opens the files instead), and the rest of the CLI works as before."""

from __future__ import annotations

from conftest import RunCli

from nudge.windows.toolkit import NO_TOOLKIT, missing_toolkit_words, toolkit_problem


def test_a_missing_system_library_is_named_with_its_debian_package() -> None:
    said = missing_toolkit_words("libxcb-cursor.so.0: cannot open shared object file: No such "
                                 "file or directory", "PySide6.QtWidgets")
    assert "libxcb-cursor.so.0" in said and "sudo apt install libxcb-cursor0" in said


def test_qt_for_python_not_installed_says_the_extra_to_install() -> None:
    said = missing_toolkit_words("No module named 'PySide6'", "PySide6")
    assert 'pip install "nudge[windows]"' in said


def test_no_display_is_said_before_qt_is_asked() -> None:
    assert "no display" in (toolkit_problem({}) or "")


def test_the_window_commands_without_a_display_exit_3_with_the_words(run_cli: RunCli) -> None:
    for name in ("settings", "insights", "welcome"):
        done = run_cli(name)  # run_cli's environment has no DISPLAY
        assert done.returncode == NO_TOOLKIT, done
        assert done.stderr.startswith("nudge: There is no display here for a window")
    assert run_cli("config", "--check").returncode == 0
