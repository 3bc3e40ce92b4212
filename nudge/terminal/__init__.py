"""User interfaces: the tray icon and menu, and terminal mode (`terminal.py`) without a display.

Each UI implements the StatusView port (and terminal mode also the Notifier port) and sends what
the user asks for as commands (`nudge/commands.py`) through the engine loop.
"""
