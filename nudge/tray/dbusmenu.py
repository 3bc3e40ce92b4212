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

import asyncio
import itertools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any

from dbus_fast import DBusError, Variant
from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

from nudge.tray.menu import MenuItem

ROOT_ID = 0
# Property name -> D-Bus type. Defaults (libdbusmenu): type "standard", enabled/visible true.
_PROP_TYPES = {"type": "s", "label": "s", "enabled": "b", "visible": "b",
               "toggle-type": "s", "toggle-state": "i", "children-display": "s"}

# dbus-fast reads these annotations (module-level names, evaluated at class creation).
Int = Annotated[int, DBusSignature("i")]
Void = Annotated[None, DBusSignature("")]  # no reply body (a bare `-> None` breaks dbus-fast)
UInt = Annotated[int, DBusSignature("u")]
Str = Annotated[str, DBusSignature("s")]
Strs = Annotated[list[str], DBusSignature("as")]
Ints = Annotated[list[int], DBusSignature("ai")]
AnyVariant = Annotated[Variant, DBusSignature("v")]
LayoutReply = Annotated[list[Any], DBusSignature("u(ia{sv}av)")]
GroupProps = Annotated[list[Any], DBusSignature("a(ia{sv})")]
Events = Annotated[list[Any], DBusSignature("a(isvu)")]
AboutToShowGroupReply = Annotated[list[Any], DBusSignature("aiai")]
Bool = Annotated[bool, DBusSignature("b")]
PropsUpdated = Annotated[list[Any], DBusSignature("a(ia{sv})a(ias)")]
LayoutRevision = Annotated[list[int], DBusSignature("ui")]
Activation = Annotated[list[int], DBusSignature("iu")]


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
    def tree(self, node_id: int, depth: int, names: list[str]) -> list[Any]:
        """`(ia{sv}av)` for `node_id`, `depth` levels deep (-1: all)."""
        node = self.nodes[node_id]
        children = []
        if depth != 0:
            children = [Variant("(ia{sv}av)", self.tree(child, depth - 1, names))
                        for child in node.children]
        return [node_id, _variants(node.props, names), children]


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
    return {name: Variant(_PROP_TYPES[name], value) for name, value in props.items()
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


class DbusMenuInterface(ServiceInterface):
    """`com.canonical.dbusmenu` served from the current `MenuLayout` (D-Bus thread only).

    `on_click(item)` is called for a "clicked" event, on the D-Bus thread, after the reply.
    `on_open()` is called when a host is about to show the menu (AboutToShow), on the D-Bus
    thread, before the reply: it may update the layout and returns True if it did.
    """

    def __init__(self, layout: Callable[[], MenuLayout],
                 on_click: Callable[[MenuItem], None],
                 on_open: Callable[[], bool] = lambda: False) -> None:
        super().__init__("com.canonical.dbusmenu")
        self._layout = layout
        self._on_click = on_click
        self._on_open = on_open

    # -- properties ----------------------------------------------------------------------
    @dbus_property(access=PropertyAccess.READ)
    def Version(self) -> UInt:
        return 3

    @dbus_property(access=PropertyAccess.READ)
    def TextDirection(self) -> Str:
        return "ltr"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return "normal"

    @dbus_property(access=PropertyAccess.READ)
    def IconThemePath(self) -> Strs:
        return []

    # -- methods -------------------------------------------------------------------------
    @dbus_method()
    def GetLayout(self, parent_id: Int, recursion_depth: Int,
                  property_names: Strs) -> LayoutReply:
        layout = self._layout()
        if parent_id not in layout.nodes:
            raise DBusError("org.freedesktop.DBus.Error.InvalidArgs",
                            f"no menu item {parent_id}")
        return [layout.revision, layout.tree(parent_id, recursion_depth, property_names)]

    @dbus_method()
    def GetGroupProperties(self, ids: Ints, property_names: Strs) -> GroupProps:
        nodes = self._layout().nodes
        wanted = ids or list(nodes)  # an empty list asks for every item
        return [[i, _variants(nodes[i].props, property_names)] for i in wanted if i in nodes]

    @dbus_method()
    def GetProperty(self, id: Int, name: Str) -> AnyVariant:
        node = self._layout().nodes.get(id)
        if node is None or name not in node.props:
            raise DBusError("org.freedesktop.DBus.Error.InvalidArgs",
                            f"no property {name!r} on menu item {id}")
        return Variant(_PROP_TYPES[name], node.props[name])

    @dbus_method()
    def Event(self, id: Int, event_id: Str, data: AnyVariant,
              timestamp: UInt) -> Void:
        self._event(id, event_id)

    @dbus_method()
    def EventGroup(self, events: Events) -> Ints:
        return [node_id for node_id, event_id, _data, _time in events
                if not self._event(node_id, event_id)]

    @dbus_method()
    def AboutToShow(self, id: Int) -> Bool:
        # The layout follows the status; what it cannot know (a "Start at login" changed by
        # `nudge autostart off`) is read now. True: the host fetches the layout again.
        return self._on_open()

    @dbus_method()
    def AboutToShowGroup(self, ids: Ints) -> AboutToShowGroupReply:
        changed = self._on_open()
        nodes = self._layout().nodes
        return [[i for i in ids if i in nodes] if changed else [],
                [i for i in ids if i not in nodes]]

    # -- signals (calling one emits it) --------------------------------------------------
    @dbus_signal()
    def ItemsPropertiesUpdated(self, updated: list[Any], removed: list[Any]) -> PropsUpdated:
        return [updated, removed]

    @dbus_signal()
    def LayoutUpdated(self, revision: int, parent: int) -> LayoutRevision:
        return [revision, parent]

    @dbus_signal()
    def ItemActivationRequested(self, id: int, timestamp: int) -> Activation:
        return [id, timestamp]

    # -- helpers -------------------------------------------------------------------------
    def announce(self, layout: MenuLayout, change: MenuChange) -> None:
        """Tell hosts about `change` (D-Bus thread). The revision is bumped on every change,
        and LayoutUpdated is always sent: some hosts only refresh labels on it."""
        if change.updated or change.removed:
            self.ItemsPropertiesUpdated(
                [[i, _variants(props)] for i, props in change.updated],
                [[i, list(names)] for i, names in change.removed])
        self.LayoutUpdated(layout.revision, ROOT_ID)

    def _event(self, node_id: int, event_id: str) -> bool:
        node = self._layout().nodes.get(node_id)
        if node is None:
            return False  # an item from an older menu: ignore rather than guess
        if event_id == "clicked" and node.item is not None and node.item.enabled \
                and not node.item.children and not node.item.separator:
            item = node.item
            # Reply first, then act: a slow handler never delays the host's call.
            asyncio.get_running_loop().call_soon(self._on_click, item)
        return True
