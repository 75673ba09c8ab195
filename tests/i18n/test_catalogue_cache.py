"""The parsed catalogue is kept between starts (i18n/catalogue_cache.py) and never goes stale:
its name is made of every catalogue file's path, size and modification time."""
from __future__ import annotations

import importlib
import os

import pytest

from tests.i18n.test_catalogues import _po

translator_module = importlib.import_module("i18n.translator")


@pytest.fixture
def ru_folder(tmp_path, monkeypatch):
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(translator_module, "_HERE", tmp_path)
    monkeypatch.setenv("QANDAS_CACHE_DIR", str(tmp_path / "cache"))
    translator_module._catalogue.cache_clear()
    yield folder
    translator_module._catalogue.cache_clear()


def _fresh(language: str = "ru"):
    translator_module._catalogue.cache_clear()  # a new process: only the cache on disk remains
    return translator_module.Translator(language)


def test_a_cached_catalogue_is_read_back_and_an_edited_one_is_read_again(ru_folder, tmp_path):
    po = _po(ru_folder, "messages.po", "ru", 'msgid "Open"\nmsgstr "Открыть"\n')
    assert _fresh().gettext("Open") == "Открыть"
    cached = list((tmp_path / "cache" / "catalogues").iterdir())
    assert len(cached) == 1
    # the cache is what a second start reads: changed behind the key, it is believed
    key = cached[0]
    import marshal
    key.write_bytes(marshal.dumps({(None, "Open"): "из кэша"}))
    assert _fresh().gettext("Open") == "из кэша"
    # an edited catalogue (new size and time) is parsed again
    _po(ru_folder, "messages.po", "ru", 'msgid "Open"\nmsgstr "Открыть файл"\n')
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 1_000_000))
    assert _fresh().gettext("Open") == "Открыть файл"
    # an area file that arrives later is read too
    _po(ru_folder, "search.po", "ru", 'msgid "Only in an area"\nmsgstr "Только в области"\n')
    assert _fresh().gettext("Only in an area") == "Только в области"


def test_a_damaged_or_unwritable_cache_is_not_used(ru_folder, tmp_path, monkeypatch):
    _po(ru_folder, "messages.po", "ru", 'msgid "Open"\nmsgstr "Открыть"\n')
    assert _fresh().gettext("Open") == "Открыть"
    for path in (tmp_path / "cache" / "catalogues").iterdir():
        path.write_bytes(b"\x00not marshal")
    assert _fresh().gettext("Open") == "Открыть"
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    monkeypatch.setenv("QANDAS_CACHE_DIR", str(blocked))  # a folder that cannot be made
    assert _fresh().gettext("Open") == "Открыть"
