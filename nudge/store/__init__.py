"""Storage adapter: nudge's history in TinyDB files, one per device and ISO week.

Nothing here touches the disk at import; see `event_store` for the threading contract.
"""

from nudge.store.atomic_storage import AtomicJSONStorage, CorruptFileError
from nudge.store.device import device_id
from nudge.store.event_store import TinyDBEventStore
from nudge.store.export import CSV_COLUMNS, ExportFormat, export_events
from nudge.store.messages import StoreWriteError
from nudge.store.migrations import MIGRATIONS, UnknownSchemaError, upgrade_doc

__all__ = [
    "CSV_COLUMNS",
    "MIGRATIONS",
    "AtomicJSONStorage",
    "CorruptFileError",
    "ExportFormat",
    "StoreWriteError",
    "TinyDBEventStore",
    "UnknownSchemaError",
    "device_id",
    "export_events",
    "upgrade_doc",
]
