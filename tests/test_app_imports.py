"""What the long-running app keeps out of its memory: modules that only a one-shot command or
an error path needs are imported where they are used, not when the app starts (bench/RESULTS.md
weighs each). Checked in a fresh interpreter that imports what `nudge run` imports and loads a
config as the app does at start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# `nudge export`, a mistyped config key, the chart; the windows' toolkit and config writer (each
# window is its own process: `nudge settings`, `nudge insights`, `nudge welcome`); Babel's locale
# formats (nudge.i18n.locale_formats: one-shot commands, windows and pictures only).
ON_DEMAND_ONLY = ("csv", "difflib", "PIL", "PySide6", "shiboken6", "tomlkit", "babel")

CODE = """
import json, sys
from pathlib import Path
import nudge.app.root, nudge.cli.main, nudge.store, nudge.config, nudge.tray.ui
import nudge.windows.launch
from nudge.config import load_config
load_config(Path(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:])))
"""


def test_starting_the_app_loads_no_module_only_one_shot_commands_need(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[schedule]\nrise_every = \"30m\"\n")

    done = subprocess.run([sys.executable, "-c", CODE, str(config), *ON_DEMAND_ONLY],
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# The parts of the app on nudge's jeepney transport (nudge.platform.bus): the tray, the idle
# sources, do-not-disturb. The notifier, logind, KWin and the theme still load dbus-fast and
# asyncio (through nudge.platform.dbus_loop and desktop-notifier) until they are ported too.
PORTED = """
import json, sys
import nudge.platform.bus, nudge.tray.backend, nudge.tray.sni
import nudge.activity.gnome, nudge.activity.kde, nudge.blockers.dnd
print(json.dumps(sorted(m for m in ("asyncio", "dbus_fast") if m in sys.modules)))
"""


def test_the_tray_idle_and_dnd_code_loads_neither_dbus_fast_nor_asyncio() -> None:
    done = subprocess.run([sys.executable, "-c", PORTED], capture_output=True, text=True,
                          timeout=60)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
