"""The core Wayland interfaces the generated bindings import as `.wayland`: pywayland's own."""

from pywayland.protocol.wayland import WlSeat, WlSeatProxy

__all__ = ["WlSeat", "WlSeatProxy"]
