"""Objects nudge exports on a bus connection (nudge.platform.bus), and the errors of calls.

An `Interface` is a plain table: method name -> (in and out signature, handler), property
name -> (signature, getter), signal name -> signature. `Exports.answer` turns an incoming
method call into its reply: the handler's return, org.freedesktop.DBus.Properties
(Get/GetAll; nothing is writable), org.freedesktop.DBus.Introspectable (XML written from the
tables) and org.freedesktop.DBus.Peer.Ping. Handlers run on the I/O thread; raising
`MethodError` answers with that D-Bus error. No dbus-fast, no asyncio.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jeepney import HeaderFields, Message, new_error, new_method_return

if TYPE_CHECKING:
    from nudge.platform.bus_connection import Connection

log = logging.getLogger(__name__)

PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
UNKNOWN_OBJECT = "org.freedesktop.DBus.Error.UnknownObject"
INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
NO_REPLY_EXPECTED = 1  # the header flag
# Not xml.sax.saxutils.quoteattr: it imports urllib.request, http.client and email (~1 MB of the
# all-day app, bench/RESULTS.md) for four replacements.
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                              "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def quoteattr(text: str) -> str:
    """`text` as a double-quoted XML attribute value."""
    return f'"{text.translate(_XML_ESCAPES)}"'
_STANDARD = (f'<interface name="{PROPERTIES}"><method name="Get"><arg type="s" direction="in"/>'
             '<arg type="s" direction="in"/><arg type="v" direction="out"/></method>'
             '<method name="GetAll"><arg type="s" direction="in"/>'
             '<arg type="a{sv}" direction="out"/></method>'
             '<signal name="PropertiesChanged"><arg type="s"/><arg type="a{sv}"/>'
             '<arg type="as"/></signal></interface>'
             f'<interface name="{INTROSPECTABLE}"><method name="Introspect">'
             '<arg type="s" direction="out"/></method></interface>'
             f'<interface name="{PEER}"><method name="Ping"/></interface>')


class CallFailed(Exception):
    """A D-Bus method answered with an error; `name` is the D-Bus error name."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(f"{name}: {text}" if text else name)
        self.name = name
        self.text = text


class MethodError(Exception):
    """Raised by an exported method: the caller gets the D-Bus error `name` with `text`."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(text)
        self.name = name
        self.text = text


@dataclass(frozen=True)
class Method:
    in_sig: str
    out_sig: str
    handler: Callable[..., tuple[Any, ...]]


@dataclass
class Interface:
    name: str
    methods: dict[str, Method] = field(default_factory=dict)
    properties: dict[str, tuple[str, Callable[[], Any]]] = field(default_factory=dict)
    signals: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, tuple[str, Any]]:
        return {name: (sig, get()) for name, (sig, get) in self.properties.items()}

    def xml(self) -> str:
        def args(sig: str, direction: str = "") -> str:
            way = f' direction="{direction}"' if direction else ""
            return "".join(f'<arg type={quoteattr(t)}{way}/>' for t in split_signature(sig))

        parts = [f"<interface name={quoteattr(self.name)}>"]
        parts += [f'<method name="{name}">{args(m.in_sig, "in")}{args(m.out_sig, "out")}'
                  "</method>" for name, m in self.methods.items()]
        parts += [f'<property name="{name}" type={quoteattr(sig)} access="read"/>'
                  for name, (sig, _get) in self.properties.items()]
        parts += [f'<signal name="{name}">{args(sig)}</signal>'
                  for name, sig in self.signals.items()]
        return "".join(parts) + "</interface>"


class Exports:
    """The objects exported on one connection: path -> interface name -> Interface."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._objects: dict[str, dict[str, Interface]] = {}

    def add(self, path: str, interface: Interface) -> None:
        objects = {p: dict(i) for p, i in self._objects.items()}
        objects.setdefault(path, {})[interface.name] = interface
        self._objects = objects  # swapped whole: the I/O thread reads it

    def remove(self, path: str, name: str) -> None:
        objects = {p: {n: i for n, i in ifaces.items() if not (p == path and n == name)}
                   for p, ifaces in self._objects.items()}
        self._objects = {p: i for p, i in objects.items() if i}

    def answer(self, call: Message) -> Message | None:
        """The reply to `call` (None when the caller wants none). I/O thread."""
        fields = call.header.fields
        path = fields.get(HeaderFields.path, "")
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member, "")
        try:
            reply = self._run(call, path, interface, member)
        except MethodError as error:
            reply = new_error(call, error.name, "s", (error.text,))
        except Exception as error:
            log.exception("the exported D-Bus method %s.%s failed", interface, member)
            reply = new_error(call, "org.freedesktop.DBus.Error.Failed", "s", (str(error),))
        return None if call.header.flags & NO_REPLY_EXPECTED else reply

    def _run(self, call: Message, path: str, interface: str | None, member: str) -> Message:
        objects = self._objects.get(path, {})
        if interface == INTROSPECTABLE and member == "Introspect":
            return new_method_return(call, "s", (self._introspect(path),))
        if interface == PEER and member == "Ping":
            return new_method_return(call)
        if interface == PROPERTIES and member in ("Get", "GetAll", "Set"):
            return self._properties(call, objects, member)
        candidates = [objects[interface]] if interface in objects else \
            list(objects.values()) if interface is None else []
        for target in candidates:
            method = target.methods.get(member)
            if method is not None:
                if call.header.fields.get(HeaderFields.signature, "") != method.in_sig:
                    raise MethodError(INVALID_ARGS, f"{member} takes ({method.in_sig})")
                return new_method_return(call, method.out_sig or None,
                                         method.handler(*call.body))
        if not objects:
            raise MethodError(UNKNOWN_OBJECT, f"nothing is exported at {path}")
        raise MethodError(UNKNOWN_METHOD, f"no method {interface}.{member} at {path}")

    def _properties(self, call: Message, objects: dict[str, Interface], member: str
                    ) -> Message:
        target = objects.get(call.body[0]) if call.body else None
        if target is None:
            raise MethodError(INVALID_ARGS, f"no interface {call.body[:1]} here")
        if member == "GetAll":
            return new_method_return(call, "a{sv}", (target.values(),))
        name = call.body[1]
        if name not in target.properties:
            raise MethodError(INVALID_ARGS, f"no property {name} on {target.name}")
        if member == "Set":
            raise MethodError("org.freedesktop.DBus.Error.PropertyReadOnly",
                              f"{name} is read-only")
        sig, get = target.properties[name]
        return new_method_return(call, "v", ((sig, get()),))

    def _introspect(self, path: str) -> str:
        objects = self._objects
        prefix = path.rstrip("/") + "/"
        children = sorted({p[len(prefix):].split("/")[0] for p in objects
                           if p.startswith(prefix) and p != path})
        body = "".join(i.xml() for i in objects.get(path, {}).values())
        if path in objects:
            body += _STANDARD
        nodes = "".join(f"<node name={quoteattr(child)}/>" for child in children)
        return ('<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"'
                ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">'
                f"<node>{body}{nodes}</node>")


def split_signature(sig: str) -> list[str]:
    """The complete types in a signature: "ia{sv}(ii)" -> ["i", "a{sv}", "(ii)"]."""
    types: list[str] = []
    start, depth = 0, 0
    for index, char in enumerate(sig):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if depth == 0 and char != "a":
            types.append(sig[start:index + 1])
            start = index + 1
    return types
