"""The pre-drawn tray pixmaps: they match the drawing, read back without Pillow, and the Linux
tray path never loads Pillow (nor OpenSSL) in the app's process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from test_tray_icon import make_icons, status

from nudge.core.status import Phase
from nudge.tray.icon import (
    TRAY_SIZES,
    IconState,
    Look,
    Palette,
    all_states,
    draw_icon,
    icon_state,
)
from nudge.tray.pixmap_files import (
    PIXMAP_DIR,
    StripError,
    read_strip,
    rgba_to_argb,
    strip_path,
    tray_pixmaps,
    write_strip,
)
from nudge.tray.sni import icon_pixmaps, pixmaps


def test_all_states_covers_every_state_icon_state_can_return():
    states = all_states()
    assert len(states) == len(set(states)) == 25 + len(Look) - 1
    for phase in Phase:
        for progress in [i / 100 for i in range(-10, 111)]:
            assert icon_state(status(phase, progress)) in states, (phase, progress)


def test_a_strip_round_trips_and_any_png_reader_opens_it(tmp_path):
    rgba = bytes(range(256)) * 3  # 3 rows of 64 RGBA pixels
    path = write_strip(tmp_path / "strip.png", 64, rgba)
    assert read_strip(path) == (64, len(rgba) // 256, rgba)
    with Image.open(path) as image:
        assert image.mode == "RGBA" and image.tobytes() == rgba


def test_rgba_becomes_argb_in_network_byte_order():
    assert rgba_to_argb(bytes([10, 20, 30, 40, 1, 2, 3, 4])) == bytes([40, 10, 20, 30,
                                                                       4, 1, 2, 3])


@pytest.mark.parametrize("damage", ["missing", "not png", "bad crc", "filtered", "short"])
def test_a_damaged_strip_is_reported_not_misread(tmp_path, damage):
    path = write_strip(tmp_path / "tray-22.png", 22, bytes(22 * 4 * 22))
    data = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "not png":
        path.write_bytes(b"GIF89a" + data[6:])
    elif damage == "bad crc":
        path.write_bytes(data[:40] + bytes([data[40] ^ 1]) + data[41:])
    elif damage == "filtered":  # what Pillow or an optimiser writes: rows with filters
        image = Image.new("RGBA", (22, 22))
        image.putdata([(x * 11, x * 5, 200, 255) for x in range(22)] * 22)
        image.save(path)
    else:
        path.write_bytes(data[:len(data) // 2])
    with pytest.raises(StripError):
        read_strip(path)


def test_the_committed_strips_match_the_drawing(tmp_path):
    # Re-run `packaging/make_icons.py` after changing the tray drawing. Compared by pixels,
    # with a little slack, so a Pillow upgrade that rounds differently does not fail.
    fresh = make_icons().write_tray_pixmaps(tmp_path)
    assert [p.name for p in fresh] == [strip_path(size, palette=palette).name
                                       for palette in Palette for size in TRAY_SIZES]
    assert {p.name for p in fresh} >= {"tray-22.png", "tray-light-22.png", "tray-dark-48.png"}
    for new_path in fresh:
        committed = PIXMAP_DIR / new_path.name
        assert committed.exists(), f"{committed} is missing: run packaging/make_icons.py"
        width, height, old = read_strip(committed)
        _, _, new = read_strip(new_path)
        old_image = Image.frombytes("RGBA", (width, height), old)
        new_image = Image.frombytes("RGBA", (width, height), new)
        diff = ImageChops.difference(old_image, new_image)
        assert max(high for _, high in diff.getextrema()) <= 8, committed


@pytest.mark.parametrize("palette", list(Palette))
def test_the_pixmaps_of_a_state_are_its_drawing_at_every_size(palette):
    for state in (IconState(Look.SITTING, 5 / 24), IconState(Look.PENDING)):
        drawn = pixmaps({size: draw_icon(state, size, palette) for size in TRAY_SIZES})
        assert [list(p) for p in tray_pixmaps(state, palette=palette)] == drawn
        assert icon_pixmaps(state, palette) == tray_pixmaps(state, palette=palette)


def test_each_palette_has_its_own_pixmaps():
    state = IconState(Look.DUE)
    assert len({icon_pixmaps(state, palette) for palette in Palette}) == len(Palette)


def test_without_the_strips_the_state_is_drawn_with_pillow(tmp_path, monkeypatch, caplog):
    from nudge.tray import pixmap_files, sni_pixmaps

    monkeypatch.setattr(sni_pixmaps, "tray_pixmaps",
                        lambda state, palette: pixmap_files.tray_pixmaps(state, tmp_path,
                                                                         palette))
    state = IconState(Look.PAUSED)
    assert [list(p) for p in icon_pixmaps(state, Palette.LIGHT)] == pixmaps(
        {size: draw_icon(state, size, Palette.LIGHT) for size in TRAY_SIZES})
    assert "drawing the tray icon with Pillow" in caplog.text


def test_the_linux_tray_path_loads_neither_pillow_nor_openssl():
    # A fresh interpreter, as `nudge run` starts: the guard first, then the tray modules and
    # the icon of a state; D-Bus, hashing and HMAC still work.
    code = """
import json, sys
from nudge.platform.openssl_guard import keep_openssl_out
guarded = keep_openssl_out()
import asyncio, hashlib, hmac, secrets
from nudge.tray.icon_state import IconState, Look
from nudge.tray.sni import SniTray, icon_pixmaps
from nudge.tray.ui import TrayUI
sizes = [p[:2] for p in icon_pixmaps(IconState(Look.DUE))]
digest = hmac.new(secrets.token_bytes(8), b"x", "sha256").hexdigest()
print(json.dumps({"guarded": guarded, "sizes": sizes, "sha": hashlib.sha256(b"").hexdigest(),
                  "hmac": len(digest),
                  "loaded": sorted({m.split(".")[0] for m in sys.modules
                                    if sys.modules[m] is not None} & {"PIL", "ssl", "_ssl",
                                                                      "_hashlib"})}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["guarded"] is True
    assert result["loaded"] == []
    assert result["sizes"] == [[size, size] for size in TRAY_SIZES]
    assert result["sha"].startswith("e3b0c442") and result["hmac"] == 64
