"""Marking of user-visible text inside the domain.

The domain never translates: it only marks English source strings so that extraction
(``python -m i18n.catalog extract``) finds them; the presenting layer (window, report,
command line) translates them with its own translator.

- ``N_(message)``: a plain message.
- ``NC_(context, message)``: a message whose English word has another meaning elsewhere
  (the task state "Open" is not the button "Open"); translate it with ``pgettext(context, …)``.
- ``Nn_(singular, plural)``: a message stored or raised with a ``count`` param; the
  translator picks the plural form from ``count`` (``Translator.message``).
"""


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802 - gettext convention
    return message


def Nn_(singular: str, plural: str) -> str:  # noqa: N802 - gettext convention
    return singular
