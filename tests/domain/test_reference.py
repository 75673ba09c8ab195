import json
from importlib import resources

import pytest

from domain.errors import ValidationError
from domain.reference import Region, RegionCatalog


@pytest.fixture(scope="module")
def catalog():
    data = json.loads(resources.files("storage.reference_data").joinpath("regions.json").read_text("utf-8"))
    return RegionCatalog(tuple(Region(r["code"], r["kind"], r["kk"], r["ru"], r["en"], r["centre"],
                                      tuple(r["aliases"])) for r in data))


def test_twenty_regions_and_cities(catalog):
    assert len(catalog.regions) == 20
    assert sum(r.kind == "city" for r in catalog.regions) == 3


@pytest.mark.parametrize("text, code", [
    ("ВКО", "EAST_KZ"), ("Восточно-Казахстанская область", "EAST_KZ"), ("Шығыс Қазақстан облысы", "EAST_KZ"),
    ("Абайская", "ABAI"), ("область Абай", "ABAI"), ("Abai Region", "ABAI"),
    ("павлодарская обл.", "PAVLODAR"), ("Павлодар облысы", "PAVLODAR"),
    ("г. Алматы", "ALMATY"), ("Алматинская область", "ALMATY_REGION"), ("Алматы облысы", "ALMATY_REGION"),
    ("СКО", "NORTH_KZ"), ("Ұлытау", "ULYTAU"), ("Улытау", "ULYTAU"), ("ASTANA", "ASTANA"),
])
def test_usual_spellings_resolve(catalog, text, code):
    assert catalog.resolve(text) == code


def test_unknown_region_is_refused_by_name(catalog):
    with pytest.raises(ValidationError) as caught:
        catalog.require("Марс", "region_code")
    assert caught.value.field == "region_code"
    assert catalog.require("", "region_code") is None
