"""Signals of the timeline for the layers above it (they may not be imported from here)."""

from django.dispatch import Signal

# Sent inside the write's transaction after events were appended to measures, or a measure's or
# its youth's record changed (a form through `services.append_event`, a file import, the API).
# Argument: measure_pks (primary keys). The norms read model refreshes them (`norms.readmodel`).
events_written = Signal()
