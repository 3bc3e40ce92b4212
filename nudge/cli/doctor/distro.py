"""This Linux distribution's install command, so each fix names the package the right way.

Main thread of `nudge doctor`, once, before the probe threads start."""

from __future__ import annotations

_FAMILIES = (("debian", "sudo apt install"), ("ubuntu", "sudo apt install"),
             ("fedora", "sudo dnf install"), ("rhel", "sudo dnf install"),
             ("arch", "sudo pacman -S"), ("suse", "sudo zypper install"),
             ("opensuse", "sudo zypper install"), ("alpine", "sudo apk add"))


def install_command(os_release: str | None = None) -> str:
    """"sudo apt install" or this distribution's equivalent, from /etc/os-release."""
    if os_release is None:
        try:
            with open("/etc/os-release", encoding="utf-8") as file:
                os_release = file.read()
        except OSError:
            os_release = ""
    ids: list[str] = []
    for line in os_release.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids += value.strip().strip('"').lower().split()
    for family, command in _FAMILIES:
        if family in ids:
            return command
    return "sudo apt install"
