"""Generate the Python bindings for the Wayland protocols nudge speaks that pywayland does not
ship, from the protocol XML in `nudge/data/`, into `nudge/activity/wayland_protocols/`.

    .venv/bin/python packaging/make_wayland_protocols.py

Today that is KDE's `org_kde_kwin_idle` (`nudge/data/idle.xml`, copied unchanged from Debian's
plasma-wayland-protocols 1.10.0, /usr/share/plasma-wayland-protocols/idle.xml; LGPL-2.1-or-later,
its header kept in the XML and in the generated module). The output is committed and is
pywayland's scanner output byte for byte, so tests/test_wayland_protocols.py can check that a
re-run gives the same files. Why at packaging time rather than at first use: the wheel, the
PyInstaller bundle and a read-only install then need neither the scanner at run time nor a
writable cache, and what runs is what was reviewed.

The scanner writes `from .wayland import WlSeat` for the core interfaces; the hand-written
`wayland_protocols/wayland.py` re-exports them from pywayland, so the output needs no editing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = (ROOT / "nudge/data/idle.xml",)
OUTPUT = ROOT / "nudge/activity/wayland_protocols"
CORE = "wayland"  # the module the scanner imports wl_* interfaces from (our re-export shim)


def generate(output: Path = OUTPUT) -> list[Path]:
    """Write one module per protocol into `output`; return their paths."""
    from pywayland.scanner.protocol import Protocol

    written = []
    for xml in PROTOCOLS:
        protocol = Protocol.parse_file(str(xml))
        imports = {"wl_seat": CORE}
        imports.update({interface.name: protocol.name for interface in protocol.interface})
        protocol.output(str(output), imports)
        written.append(output / f"{protocol.name}.py")
    return written


def main() -> int:
    for path in generate():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
