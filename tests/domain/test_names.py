import pytest

from domain.names import normalize_name, search_key, search_tokens, sort_key


@pytest.mark.parametrize("spellings", [
    ("Нұрлан", "Нурлан", "Nurlan", "NURLAN", "нұрлан"),
    ("Қайрат", "Кайрат", "Kairat", "Qairat", "Kayrat"),
    ("Жанар", "Zhanar", "Janar"),
    ("Әсел", "Асель", "Asel", "Assel"),
    ("Шыңғыс", "Шынгыс", "Shyngys", "Şyñğys"),
    ("Ерлан", "Yerlan", "Erlan"),
    ("Айгүл", "Айгуль", "Aigul", "Aygul", "Aigúl"),
    ("Өмірзақ", "Омирзак", "Omirzak", "Omirzaq"),
    ("Ұлжан", "Улжан", "Ulzhan", "Uljan"),
    ("Һакимов", "Хакимов", "Khakimov", "Hakimov"),
    ("Нурлaн", "Нурлан"),  # Latin 'a' typed by mistake inside a Cyrillic word
])
def test_every_spelling_meets_on_one_search_key(spellings):
    keys = {search_key(s) for s in spellings}
    assert len(keys) == 1, keys


def test_search_key_is_plain_ascii_per_word():
    assert search_tokens("Сейітқали Нұрлан Жұмабайұлы") == ["seitkali", "nurlan", "zhumabaiuly"]
    assert all(t.isascii() for t in search_tokens("Әбдірахманов Ғалым"))


def test_normalize_name_fixes_lookalikes_and_spaces_but_keeps_latin_names():
    assert normalize_name("  Нурлaн   Сейiтов ") == "Нурлан Сейітов"
    assert normalize_name("John  Smith") == "John Smith"


def test_sort_key_follows_the_kazakh_alphabet():
    words = ["Яна", "Ілияс", "Ы", "Һ", "Х", "Үміт", "Ұлан", "Улан", "Ңң", "Ғалым", "Гүл", "Әсел", "Асан",
             "Өмір", "Омар", "Қуат", "Кен", "Бек"]
    expected = ["Асан", "Әсел", "Бек", "Гүл", "Ғалым", "Кен", "Қуат", "Ңң", "Омар", "Өмір", "Улан", "Ұлан",
                "Үміт", "Х", "Һ", "Ы", "Ілияс", "Яна"]
    assert sorted(words, key=sort_key) == expected


def test_sort_key_puts_shorter_surname_first_and_is_ascii():
    assert sort_key("Ан Бек") < sort_key("Ана Бек")
    assert sort_key("Қасым").isascii()
