"""The tray menu as a `com.canonical.dbusmenu` object: a pure layout model plus its D-Bus face.

Spec: libdbusmenu's `com.canonical.dbusmenu.xml` (the interface every StatusNotifier host reads:
libdbusmenu-gtk in XFCE/MATE/waybar, libdbusmenu-qt in KDE/LXQt, the GNOME AppIndicator
extension's own client).

Item ids stay stable while an item stays in the menu: an id is keyed by what the item *does*
(its command or UI action; for submenus their label; for plain text its position), not by its
label. So the status line keeps its id while its text changes every minute, and a click that
races with an update still reaches the item the user saw. A "Done" item of an answered nudge
disappears with its id; a late click on it is ignored instead of hitting a different item.

Threads: `MenuLayout.build` is pure and runs on whatever thread calls `SniTray.update`; the
`DbusMenuInterface` methods run on the D-Bus thread and read the current layout through a
callable (an atomic reference read of an immutable value).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from nudge.platform.bus_objects import INVALID_ARGS, Interface, Method, MethodError
from nudge.tray.menu import MenuItem

MENU = "com.canonical.dbusmenu"
ROOT_ID = 0
# Property name -> D-Bus type. Defaults (libdbusmenu): type "standard", enabled/visible true.
_PROP_TYPES = {"type": "s", "label": "s", "enabled": "b", "visible": "b",
               "toggle-type": "s", "toggle-state": "i", "children-display": "s"}
Variant = tuple[str, Any]  # jeepney's shape of a D-Bus variant: (signature, value)
Emit = Callable[[str, str, tuple[Any, ...]], None]  # (member, signature, body): send a signal


@dataclass(frozen=True)
class Node:
    props: dict[str, Any]
    children: tuple[int, ...] = ()
    item: MenuItem | None = None  # None for the root


@dataclass(frozen=True)
class MenuLayout:
    """One revision of the menu: nodes by id, and the key -> id map that keeps ids stable."""

    revision: int = 0
    nodes: dict[int, Node] = field(default_factory=lambda: {ROOT_ID: _root(())})
    ids: dict[Hashable, int] = field(default_factory=dict)
    next_id: int = 1

    def build(self, items: tuple[MenuItem, ...]) -> tuple[MenuLayout, MenuChange]:
        """The layout for `items`, reusing this layout's ids; and what changed for hosts."""
        counter = itertools.count(self.next_id)
        ids: dict[Hashable, int] = {}
        nodes: dict[int, Node] = {}

        def add_all(parent_key: Hashable, entries: tuple[MenuItem, ...]) -> tuple[int, ...]:
            seen: dict[Hashable, int] = {}
            child_ids = []
            for entry in entries:
                kind = _kind(entry, seen)
                key = (parent_key, kind)
                node_id = self.ids.get(key)
                if node_id is None or node_id in nodes:
                    node_id = next(counter)
                ids[key] = node_id
                children = add_all(key, entry.children) if entry.children else ()
                nodes[node_id] = Node(_props(entry), children, entry)
                child_ids.append(node_id)
            return tuple(child_ids)

        nodes[ROOT_ID] = _root(add_all("root", items))
        change = _diff(self.nodes, nodes)
        revision = self.revision + 1 if change else self.revision
        layout = MenuLayout(revision, nodes, ids, next(counter))
        return layout, change

    # -- the D-Bus shapes ----------------------------------------------------------------
    def tree(self, node_id: int, depth: int, names: list[str]) -> tuple[Any, ...]:
        """`(ia{sv}av)` for `node_id`, `depth` levels deep (-1: all)."""
        node = self.nodes[node_id]
        children: list[Variant] = []
        if depth != 0:
            children = [("(ia{sv}av)", self.tree(child, depth - 1, names))
                        for child in node.children]
        return (node_id, _variants(node.props, names), children)


@dataclass(frozen=True)
class MenuChange:
    structure: bool = False  # items added, removed or moved
    updated: tuple[tuple[int, dict[str, Any]], ...] = ()  # (id, changed props)
    removed: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (id, props back to default)

    def __bool__(self) -> bool:
        return self.structure or bool(self.updated) or bool(self.removed)


def _kind(item: MenuItem, seen: dict[Hashable, int]) -> Hashable:
    if item.separator:
        base: Hashable = ("separator",)
    elif item.command is not None:
        base = ("command", item.command)
    elif item.action is not None:
        base = ("action", item.action)
    elif item.children:
        base = ("submenu", item.label)
    else:
        base = ("text",)
    seen[base] = seen.get(base, -1) + 1
    return (base, seen[base])


def _root(children: tuple[int, ...]) -> Node:
    return Node({"children-display": "submenu"}, children)


def _props(item: MenuItem) -> dict[str, Any]:
    if item.separator:
        return {"type": "separator", "visible": True}
    # "_" marks a mnemonic in dbusmenu labels; a literal underscore is written twice.
    props: dict[str, Any] = {"label": item.label.replace("_", "__"), "enabled": item.enabled,
                             "visible": True}
    if item.checked is not None:
        props["toggle-type"] = "checkmark"
        props["toggle-state"] = 1 if item.checked else 0
    if item.children:
        props["children-display"] = "submenu"
    return props


def _variants(props: dict[str, Any], names: list[str] | None = None) -> dict[str, Variant]:
    return {name: (_PROP_TYPES[name], value) for name, value in props.items()
            if not names or name in names}


def _diff(old: dict[int, Node], new: dict[int, Node]) -> MenuChange:
    structure = old.keys() != new.keys() or any(
        old[node_id].children != node.children for node_id, node in new.items())
    updated = []
    removed = []
    for node_id, node in new.items():
        before = old.get(node_id)
        if before is None:
            continue
        changed = {k: v for k, v in node.props.items() if before.props.get(k) != v}
        if changed:
            updated.append((node_id, changed))
        gone = tuple(k for k in before.props if k not in node.props)
        if gone:
            removed.append((node_id, gone))
    return MenuChange(structure, tuple(updated), tuple(removed))


class DbusMenuInterface:
    """`com.canonical.dbusmenu` served from the current `MenuLayout` (D-Bus thread only).

    `on_click(item)` is called for a "clicked" event, on the D-Bus thread, after the reply
    (`later` runs it once the reply is out). `on_open()` is called when a host is about to show
    the menu (AboutToShow), on the D-Bus thread, before the reply: it may update the layout and
    returns True if it did.
    """

    def __init__(self, layout: Callable[[], MenuLayout],
                 on_click: Callable[[MenuItem], None],
                 on_open: Callable[[], bool] = lambda: False,
                 later: Callable[[Callable[[], None]], None] = lambda fn: fn()) -> None:
        self._layout = layout
        self._on_click = on_click
        self._on_open = on_open
        self._later = later
        self.interface = Interface(MENU, methods={
            "GetLayout": Method("iias", "u(ia{sv}av)", self.GetLayout),
            "GetGroupProperties": Method("aias", "a(ia{sv})", self.GetGroupProperties),
            "GetProperty": Method("is", "v", self.GetProperty),
            "Event": Method("isvu", "", self.Event),
            "EventGroup": Method("a(isvu)", "ai", self.EventGroup),
            "AboutToShow": Method("i", "b", self.AboutToShow),
            "AboutToShowGroup": Method("ai", "aiai", self.AboutToShowGroup),
        }, properties={
            "Version": ("u", lambda: 3),
            "TextDirection": ("s", lambda: "ltr"),
            "Status": ("s", lambda: "normal"),
            "IconThemePath": ("as", lambda: []),
        }, signals={"ItemsPropertiesUpdated": "a(ia{sv})a(ias)", "LayoutUpdated": "ui",
                    "ItemActivationRequested": "iu"})

    # -- methods -------------------------------------------------------------------------
    def GetLayout(self, parent_id: int, recursion_depth: int,  # D-Bus names: CamelCase
                  property_names: list[str]) -> tuple[Any, ...]:
        layout = self._layout()
        if parent_id not in layout.nodes:
            raise MethodError(INVALID_ARGS, f"no menu item {parent_id}")
        return (layout.revision, layout.tree(parent_id, recursion_depth, property_names))

    def GetGroupProperties(self, ids: list[int],
                           property_names: list[str]) -> tuple[Any, ...]:
        nodes = self._layout().nodes
        wanted = ids or list(nodes)  # an empty list asks for every item
        return ([(i, _variants(nodes[i].props, property_names)) for i in wanted if i in nodes],)

    def GetProperty(self, id: int, name: str) -> tuple[Variant]:
        node = self._layout().nodes.get(id)
        if node is None or name not in node.props:
            raise MethodError(INVALID_ARGS, f"no property {name!r} on menu item {id}")
        return ((_PROP_TYPES[name], node.props[name]),)

    def Event(self, id: int, event_id: str, data: Variant,
              timestamp: int) -> tuple[()]:
        self._event(id, event_id)
        return ()

    def EventGroup(self, events: list[tuple[Any, ...]]) -> tuple[list[int]]:
        return ([node_id for node_id, event_id, _data, _time in events
                 if not self._event(node_id, event_id)],)

    def AboutToShow(self, id: int) -> tuple[bool]:
        # The layout follows the status; what it cannot know (a "Start at login" changed by
        # `nudge autostart off`) is read now. True: the host fetches the layout again.
        return (self._on_open(),)

    def AboutToShowGroup(self, ids: list[int]) -> tuple[list[int], list[int]]:
        changed = self._on_open()
        nodes = self._layout().nodes
        return ([i for i in ids if i in nodes] if changed else [],
                [i for i in ids if i not in nodes])

    # -- helpers -------------------------------------------------------------------------
    def announce(self, emit: Emit, layout: MenuLayout, change: MenuChange) -> None:
        """Tell hosts about `change` (any thread, one at a time). The revision is bumped on
        every change, and LayoutUpdated is always sent: some hosts only refresh labels on it."""
        if change.updated or change.removed:
            emit("ItemsPropertiesUpdated", "a(ia{sv})a(ias)",
                 ([(i, _variants(props)) for i, props in change.updated],
                  [(i, list(names)) for i, names in change.removed]))
        emit("LayoutUpdated", "ui", (layout.revision, ROOT_ID))

    def _event(self, node_id: int, event_id: str) -> bool:
        node = self._layout().nodes.get(node_id)
        if node is None:
            return False  # an item from an older menu: ignore rather than guess
        if event_id == "clicked" and node.item is not None and node.item.enabled \
                and not node.item.children and not node.item.separator:
            item = node.item
            # Reply first, then act: a slow handler never delays the host's call.
            self._later(lambda: self._on_click(item))
        return True
