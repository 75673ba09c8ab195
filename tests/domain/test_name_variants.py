"""Name variants and the duplicate scorer, rule by rule and on the labelled pairs."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from domain.duplicate_scoring import STRONG, PersonFacts, birth_date_closeness, score
from domain.name_variants import Closeness, closeness, variant_key, within_one_edit, word_variant_key
from tests.domain import name_variant_quality as quality


@pytest.mark.parametrize("spellings", [
    ("Әбдірахманов", "Абдрахманов", "Abdrakhmanov", "Äbdırahmanov", "Abdurahmonov"),  # kk, ru, icao, kz2021, uz
    ("Нұрлан", "Нурлан", "Nurlan", "Nuerlan"),  # pinyin of 努尔兰
    ("Қайрат", "Хайрат", "Kairat", "Qairat"),  # Mongolian Cyrillic writes Қ as Х
    ("Серікұлы", "Серикович", "Serikovich", "Serıkūly"),  # patronymic forms
    ("Ермекқызы", "Ермековна", "Ermekovna"),  # the root's last letter survives the suffix
    ("Мамырбаева", "Mamyrbayeva", "Мамырбаев"),  # feminine and masculine surname
    ("Ахмет", "Ахмед", "Ahmed", "Aihemaiti"),  # final devoicing; pinyin 艾合买提
    ("Уәлиханов", "Валиханов", "Valikhanov"),  # Russian Ва for a Kazakh initial Уә
    ("Мұхаммед", "Магомед", "Muhammet"),  # a given name from the table
    ("Аннагулиев", "Annagulyýew"),  # Turkmen -ýew
])
def test_every_spelling_of_a_name_has_one_variant_key(spellings):
    assert len({word_variant_key(spelling) for spelling in spellings}) == 1, \
        {spelling: word_variant_key(spelling) for spelling in spellings}


@pytest.mark.parametrize("a, b", [("Айгүл", "Айгерім"), ("Ерлан", "Ержан"), ("Ахметов", "Махметов"),
                                  ("Нұрлан", "Нұрлы"), ("Асқар", "Асхат"), ("Ғалым", "Ғалия")])
def test_different_names_keep_different_keys(a, b):
    assert word_variant_key(a) != word_variant_key(b)


def test_closeness_orders_exact_variant_near():
    assert closeness("Нурлан", "Нұрлан") == Closeness.EXACT
    assert closeness("Абдрахманов", "Әбдірахманов") == Closeness.VARIANT
    assert closeness("Нурлн", "Нурлан") in (Closeness.VARIANT, Closeness.NEAR)
    assert closeness("Абдрахмнов", "Абдрахманов") <= Closeness.NEAR
    assert closeness("Айгүл", "Айгерім") == Closeness.NONE
    assert variant_key("Әбдірахманов Нұрлан Серікұлы") == variant_key("Abdrakhmanov Nurlan Serikovich")


def test_one_edit():
    assert within_one_edit("nurlan", "nurlan") and within_one_edit("nurlan", "nurln")
    assert within_one_edit("nurlan", "nurlana") and within_one_edit("nurlan", "nurlen")
    assert not within_one_edit("nurlan", "nurbol") and not within_one_edit("ab", "abcd")


_KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүһі", "агкноуухи")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="аәбвгғдежзийкқлмнңоөпрстуұүфхһчшыіэюя", min_size=1, max_size=14))
def test_a_russian_form_of_a_kazakh_word_has_its_key(word):
    assert word_variant_key(word) == word_variant_key(word.translate(_KAZAKH_TO_RUSSIAN))
    assert word_variant_key(word) == word_variant_key(word.upper())


def test_the_rules_hold_on_the_labelled_pairs():
    labelled = quality.pairs()
    assert len(labelled) >= 300 and sum(not p.same for p in labelled) >= 50
    keys = quality.key_rates(labelled)
    assert keys.recall >= 0.95 and keys.precision >= 0.95, keys
    found = quality.closeness_rates(labelled, Closeness.NEAR)
    assert found.recall >= 0.95, found
    scorer = quality.scorer_rates(labelled)
    assert scorer.recall >= 0.90 and scorer.precision >= 0.90, scorer


def test_the_rules_hold_on_pairs_never_used_to_tune_them(monkeypatch):
    monkeypatch.setattr(quality, "DATA", Path(quality.__file__).parent / "data" / "name_variants_held_out.tsv")
    labelled = quality.pairs()
    keys = quality.key_rates(labelled)
    assert keys.recall >= 0.90 and keys.precision >= 0.90, keys
    scorer = quality.scorer_rates(labelled)
    assert scorer.recall >= 0.90 and scorer.precision >= 0.90, scorer


def test_the_quality_script_prints_recall_and_precision(capsys):
    assert quality.main(typo_words=25) == 0
    printed = capsys.readouterr().out
    assert "variant key equal" in printed and "duplicate scorer" in printed and "precision" in printed


BORN = dt.date(1985, 3, 7)


def test_scorer_weighs_the_evidence_a_worker_would():
    kazakh = PersonFacts("Әбдірахманов", "Нұрлан", "Серікұлы", BORN)
    russian = PersonFacts("Абдрахманов", "Нурлан", "Серикович", BORN)
    assert score(kazakh, russian).strong
    no_patronymic = PersonFacts("Abdrakhmanov", "Nurlan", "", dt.date(1985, 7, 3))  # day and month swapped
    assert score(kazakh, no_patronymic).strong
    twin = PersonFacts("Әбдірахманов", "Ержан", "Серікұлы", BORN)
    assert not score(kazakh, twin).strong  # a brother born the same day
    other_year = PersonFacts("Әбдірахманов", "Нұрлан", "Серікұлы", dt.date(1999, 1, 20))
    assert not score(kazakh, other_year).strong  # namesakes


def test_strong_identifiers_decide_and_are_named():
    a = PersonFacts("Омаров", "Ерлан", iin="850307300123", passports=("N 1234567",))
    b = PersonFacts("Omarov", "Yerlan", iin="850307300123")
    match = score(a, b)
    assert match.value == 100 and match.evidence[0].params == {"iin": "850307300123"}
    assert score(a, PersonFacts("Омаров", "Ерлан", BORN, iin="900101400456")).value == 0
    passport = score(PersonFacts("Омаров", "Ерлан", passports=("N1234567",)),
                     PersonFacts("Omarov", "Erlan", passports=("n 1234567",)))
    assert passport.strong and any(e.params.get("number") == "N1234567" for e in passport.evidence)


def test_birth_date_slips():
    assert birth_date_closeness(BORN, BORN) == "equal"
    assert birth_date_closeness(BORN, dt.date(1985, 7, 3)) == "swapped"
    assert birth_date_closeness(BORN, dt.date(1986, 3, 7)) == "digit"
    assert birth_date_closeness(BORN, dt.date(1990, 11, 20)) is None
    assert STRONG == 60
