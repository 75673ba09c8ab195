"""Letters the centre gives a family: what a template may say and how it is filled in.

A template is plain text with placeholders in braces (``{full_name}``). The administrator edits
the text; a placeholder the program does not know, an unclosed brace or an empty text is refused
when the template is saved, never discovered when a worker prints it for a family.
"""
from __future__ import annotations

import string

from domain.errors import FieldProblem, ValidationError
from domain.messages import N_

CERTIFICATE = "registration_certificate"
REFERRAL = "referral"
KINDS = (CERTIFICATE, REFERRAL)
KIND_LABELS = {CERTIFICATE: N_("Certificate of registration at the centre"),
               REFERRAL: N_("Referral to an employer or course")}
LANGUAGES = ("kk", "ru")

# every value a letter may print, and what it means (shown to the administrator beside the editor)
BLANK = "________"  # a value the centre has not entered yet: a line to fill in by hand
PLACEHOLDERS = {
    "full_name": N_("the person's full name"), "birth_date": N_("the person's birth date"),
    "iin": N_("the person's IIN"), "case_number": N_("the case number"),
    "arrival_date": N_("the family's arrival date"), "region": N_("the family's region"),
    "address": N_("the family's address"), "members": N_("the number of family members"),
    "registered_on": N_("the date the case was opened"), "recipient": N_("the employer or course named when printing"),
    "today": N_("the date of printing"), "centre_name": N_("the centre's name"),
    "centre_address": N_("the centre's address"), "centre_phone": N_("the centre's phone"),
    "director_name": N_("the director's name"), "director_position": N_("the director's position"),
}
MAX_TITLE = 200
MAX_BODY = 10_000

DEFAULTS = {
    (CERTIFICATE, "kk"): ("Анықтама", (
        "Осы анықтама {full_name}, {birth_date} ж. т., ЖСН {iin}, {registered_on} бастап {centre_name} "
        "тіркеуде тұрғанын растайды (іс № {case_number}).\n\n"
        "Отбасы {arrival_date} келді, мекенжайы: {region}, {address}. Отбасы мүшелерінің саны: {members}.\n\n"
        "Анықтама талап етілген жерге ұсыну үшін берілді.")),
    (CERTIFICATE, "ru"): ("Справка", (
        "Настоящая справка подтверждает, что {full_name}, {birth_date} г. р., ИИН {iin}, состоит на учёте "
        "в {centre_name} с {registered_on} (дело № {case_number}).\n\n"
        "Семья прибыла {arrival_date}, адрес: {region}, {address}. Членов семьи: {members}.\n\n"
        "Справка выдана для предъявления по месту требования.")),
    (REFERRAL, "kk"): ("Жолдама", (
        "{recipient} басшысына\n\n"
        "{centre_name} {full_name}, {birth_date} ж. т., ЖСН {iin} (іс № {case_number}) жұмысқа орналасу "
        "немесе оқу мәселесі бойынша сізге жолдайды.\n\n"
        "Кандастың мекенжайы: {region}, {address}. Нәтижесі туралы {centre_phone} телефоны арқылы "
        "хабарлауыңызды сұраймыз.")),
    (REFERRAL, "ru"): ("Направление", (
        "Руководителю {recipient}\n\n"
        "{centre_name} направляет к вам {full_name}, {birth_date} г. р., ИИН {iin} (дело № {case_number}), "
        "по вопросу трудоустройства или обучения.\n\n"
        "Адрес кандаса: {region}, {address}. О результате просим сообщить по телефону {centre_phone}.")),
}


def placeholders_of(text: str) -> list[str]:
    """The placeholder names in ``text``; raises ValueError on a brace that is not closed."""
    return [name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None]


def check_template(title: str, body: str) -> tuple[str, str]:
    """The title and body cleaned, or a ValidationError naming the field and the problem."""
    title, body = (title or "").strip(), (body or "").replace("\r\n", "\n").strip()
    problems = []
    if not title:
        problems.append(FieldProblem("title", N_("A letter needs a title.")))
    elif len(title) > MAX_TITLE:
        problems.append(FieldProblem("title", N_("The title is longer than {limit} characters."),
                                     {"limit": MAX_TITLE}))
    if not body:
        problems.append(FieldProblem("body", N_("A letter needs a text.")))
    elif len(body) > MAX_BODY:
        problems.append(FieldProblem("body", N_("The text is longer than {limit} characters."), {"limit": MAX_BODY}))
    for field, text in (("title", title), ("body", body)):
        try:
            names = placeholders_of(text)
        except ValueError:
            problems.append(FieldProblem(field, N_("A brace is not closed: write {{ and }} for a brace itself.")))
            continue
        unknown = sorted({name for name in names if name not in PLACEHOLDERS})
        if unknown:
            problems.append(FieldProblem(field, N_("Unknown placeholder {names}; the letter can use: {known}."),
                                         {"names": ", ".join("{" + n + "}" for n in unknown),
                                          "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS)}))
        elif any(spec or conversion for _l, name, spec, conversion in string.Formatter().parse(text)
                 if name is not None):
            problems.append(FieldProblem(field, N_("A placeholder is written as {{name}}, without a format.")))
    if problems:
        raise ValidationError(problems)
    return title, body


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder replaced; a value that is not known prints as a line to fill in."""
    filled = {name: values.get(name) or BLANK for name in PLACEHOLDERS}
    return text.format(**filled)
