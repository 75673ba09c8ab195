"""Every ministry form carries the centre's details, the outgoing number and the signature lines."""
from __future__ import annotations

import openpyxl
import pytest

from i18n import Translator
from reports.ministry_export import HEADER_ROW, export_ministry_xlsx
from reports.ministry_layouts import LAYOUTS


@pytest.mark.parametrize("kind", sorted(LAYOUTS))
def test_a_form_names_the_centre_in_its_language_and_ends_with_signature_lines(services, tmp_path, kind):
    services.centre.update({"name_kk": "Павлодар орталығы", "name_ru": "Павлодарский центр",
                            "address": "Павлодар, Естай, 54", "director_position": "Директор",
                            "director_name": "Ахметов С. Қ.", "executor_name": "Жұмабаева А.",
                            "executor_phone": "+7 7182 55 12 40"})
    path = tmp_path / f"{kind}.xlsx"
    export_ministry_xlsx(services, kind, path, Translator("ru"), year=2026)
    ws = openpyxl.load_workbook(path).active
    assert "Павлодарский центр" in ws["A2"].value and "Павлодар, Естай, 54" in ws["A2"].value
    assert "Павлодар орталығы" not in ws["A2"].value
    assert "Исх. №" in ws["A4"].value
    assert ws.oddHeader.left.text == "Павлодарский центр"
    values = [row[0] for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    footer = values[values.index(None) + 1:]  # after the empty row that ends the table
    assert footer[0].startswith("Директор") and "Ахметов С. Қ." in footer[0]
    assert "Исполнитель: Жұмабаева А." in footer[1] and "+7 7182 55 12 40" in footer[1]
    assert footer[2].startswith("Дата")
    assert ws.print_area and ws.print_area.endswith(f"${HEADER_ROW + len(values)}")
