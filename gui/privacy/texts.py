"""How a basis of processing reads in a table cell or a warning (shared by the tab and the warning)."""
from __future__ import annotations

from domain.messages import N_
from domain.processing_basis import BasisKind, ConsentForm
from i18n import Translator


def basis_text(basis, grounds: dict[str, str], tr: Translator) -> str:
    if basis is None:
        return tr._("No basis recorded")
    if basis.kind == BasisKind.CONSENT:
        return tr.format("Consent ({form})", form=tr.gettext(ConsentForm.LABELS.get(basis.consent_form or "", "—")))
    return tr.format("Law: {name}", name=grounds.get(basis.legal_ground_code or "", basis.legal_ground_code or ""))


def missing_text(names: list[str], tr: Translator) -> str:
    joined = ", ".join(names)
    return tr.ngettext("No basis of processing personal data is recorded for {names}.",
                       "No basis of processing personal data is recorded for {count} members: {names}.",
                       len(names)).format(names=joined, count=len(names))


WARNING_STYLE = "background: #fff4ce; color: #5c3c00; padding: 4px; border: 1px solid #e0a526;"
VIEW_KIND_TITLES = {"card": N_("Family card opened"), "export": N_("List exported"), "print": N_("Report printed"),
                    "subject_access": N_("Person's file produced")}
