"""Single records of a family's members, looked up by their own id (documents, statuses)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from domain.families import IdentityDocument
from domain.kandas_status import KandasStatus


class RecordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def document(self, document_id: int) -> IdentityDocument | None:
        return self.session.get(IdentityDocument, document_id)

    def status(self, status_id: int) -> KandasStatus | None:
        return self.session.get(KandasStatus, status_id)
