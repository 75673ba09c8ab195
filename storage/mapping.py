"""Imperative mapping of the domain entities onto ``storage.tables``.

``start_mappers`` runs once per process (``main.py``, the bench and a test fixture).
"""
from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from domain.families import Family, IdentityDocument, Person
from domain.kandas_status import KandasStatus
from storage import family_summary, tables

mapper_registry = registry(metadata=tables.metadata)
_started = False


def start_mappers() -> None:
    global _started
    if _started:
        return
    mapper_registry.map_imperatively(
        IdentityDocument, tables.identity_document,
        version_id_col=tables.identity_document.c.version)
    mapper_registry.map_imperatively(
        KandasStatus, tables.kandas_status,
        version_id_col=tables.kandas_status.c.version)
    mapper_registry.map_imperatively(
        Person, tables.person,
        version_id_col=tables.person.c.version,
        properties={
            "documents": relationship(IdentityDocument, cascade="all, delete-orphan",
                                      order_by=tables.identity_document.c.id, lazy="selectin"),
            "statuses": relationship(KandasStatus, cascade="all, delete-orphan",
                                     order_by=tables.kandas_status.c.id, lazy="selectin"),
        })
    mapper_registry.map_imperatively(
        Family, tables.family,
        version_id_col=tables.family.c.version,
        # Copies kept in SQL by storage.family_summary: the ORM never writes them.
        exclude_properties=list(family_summary.COLUMNS),
        properties={
            "members": relationship(Person, cascade="all, delete-orphan",
                                    order_by=tables.person.c.id, lazy="selectin"),
        })
    _started = True
