"""Text of tasks and timeline events in the reader's language: one implementation, shared with the
printed report (``reports.message_text``), so a reminder reads the same in the window and on paper."""
from reports.message_text import (  # noqa: F401 - re-exported for the window's modules
    CODE_LABELS, DATE_KEYS, MONEY_KEYS, event_text, kind_label, render_message, render_param, task_text,
)
