"""The ministry's Excel layouts, each declared once as data.

A layout is a tuple of columns: key, the header in each of the three languages, the
column width, the Excel number format and a getter that takes one exported row (a plain
dict from ``services.reporting``) and the export context. Values are real dates, numbers
and text, never strings formatted for a locale: Excel shows them in the cell format.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from domain.names import full_name
from i18n import Translator
from reports import labels
from services.reporting_dto import ReferenceNames

DATE = "DD.MM.YYYY"
MONEY = "#,##0.00"
COUNT = "#,##0"
INTEGER = "0"
YEAR = "0"
TEXT = "@"  # IINs and BINs keep their leading zeros
COEFFICIENT = "0.00"
MONTH = "MM.YYYY"


@dataclass(frozen=True)
class ExportContext:
    tr: Translator
    names: ReferenceNames

    @property
    def language(self) -> str:
        return self.tr.language


@dataclass(frozen=True)
class Column:
    key: str
    headers: dict[str, str]  # language → header as the ministry form words it
    width: float
    number_format: str | None
    value: Callable[[dict, ExportContext], Any]
    total: bool = False  # summed in the sheet's totals row


    def header(self, language: str) -> str:
        return self.headers.get(language) or self.headers["en"]


@dataclass(frozen=True)
class Layout:
    kind: str
    titles: dict[str, str]  # the title printed above the table
    sheet_names: dict[str, str]  # within Excel's rules: ≤ 31 characters, none of []:*?/\
    columns: tuple[Column, ...]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles["en"]

    def sheet_name(self, language: str) -> str:
        return self.sheet_names.get(language) or self.sheet_names["en"]


def col(key: str, kk: str, ru: str, en: str, width: float, number_format: str | None,
        value: Callable[[dict, ExportContext], Any] | None = None, total: bool = False) -> Column:
    return Column(key, {"kk": kk, "ru": ru, "en": en}, width, number_format, value or (lambda r, _c, k=key: r.get(k)),
                  total)


def _money(key: str) -> Callable[[dict, ExportContext], Any]:
    return lambda r, _c: None if r.get(key) is None else Decimal(str(r[key]))


def _region(key: str) -> Callable[[dict, ExportContext], Any]:
    return lambda r, c: c.names.region(r.get(key), c.language) if r.get(key) else None


def _country(key: str) -> Callable[[dict, ExportContext], Any]:
    return lambda r, c: c.names.country(r.get(key), c.language) if r.get(key) else None


def _label(table: dict, key: str) -> Callable[[dict, ExportContext], Any]:
    return lambda r, c: labels.label(table, r.get(key), c.tr) or None


def _name(r: dict, _c: ExportContext) -> str:
    return full_name(r.get("surname") or "", r.get("given_name") or "", r.get("patronymic") or "")


def _row_number(r: dict, _c: ExportContext) -> int:
    return r["_n"]


NUMBER = col("n", "№", "№", "No.", 6, INTEGER, _row_number)
CASE = col("case_number", "Іс нөмірі", "Номер дела", "Case number", 13, None)
IIN = col("iin", "ЖСН", "ИИН", "IIN", 15, TEXT)
FULL_NAME = col("full_name", "Тегі, аты, әкесінің аты", "Фамилия, имя, отчество", "Full name", 34, None, _name)
BIRTH = col("birth_date", "Туған күні", "Дата рождения", "Date of birth", 12, DATE)
REGION = col("region", "Өңір", "Регион", "Region", 26, None, _region("region_code"))
ORIGIN = col("origin", "Шыққан елі", "Страна выхода", "Country of origin", 16, None, _country("origin_country_code"))

REGISTER = Layout("register", {
    "kk": "Қандастар тізілімі", "ru": "Реестр кандасов", "en": "Register of kandas"},
    {"kk": "Тізілім", "ru": "Реестр", "en": "Register"}, (
        NUMBER, CASE,
        col("surname", "Тегі", "Фамилия", "Surname", 18, None),
        col("given_name", "Аты", "Имя", "Given name", 16, None),
        col("patronymic", "Әкесінің аты", "Отчество", "Patronymic", 18, None),
        col("latin_name", "Латын әрпімен", "Латиницей", "Name in Latin letters", 22, None),
        IIN, BIRTH,
        col("sex", "Жынысы", "Пол", "Sex", 8, None, _label(labels.SEX, "sex")),
        col("relation", "Отбасы басшысына туыстығы", "Родство с главой семьи", "Relation to the head", 16, None,
            lambda r, c: labels.relation(r.get("relation"), c.tr)),
        ORIGIN,
        col("citizenship", "Азаматтығы", "Гражданство", "Citizenship", 16, None, _country("citizenship_code")),
        col("arrival_date", "Келген күні", "Дата прибытия", "Arrival date", 12, DATE),
        REGION,
        col("address", "Мекенжайы", "Адрес", "Address", 34, None),
        col("phone", "Телефоны", "Телефон", "Phone", 17, None),
        col("education", "Білімі", "Образование", "Education", 18, None,
            lambda r, c: labels.person_education(r.get("education_level"), c.tr) or None),
        col("profession", "Мамандығы", "Профессия", "Profession", 16, None),
        # as of the export date (domain.status_as_of): valid, expired, ended, pending, refused
        col("status", "Қандас мәртебесі", "Статус кандаса", "Kandas status", 14, None,
            _label(labels.STATUS_STATES, "status_state")),
        col("certificate_number", "Куәлік нөмірі", "Номер удостоверения", "Certificate number", 17, None),
        col("status_granted_on", "Мәртебе берілген күн", "Дата присвоения статуса", "Status granted on", 13, DATE),
        col("status_valid_until", "Мәртебе мерзімі", "Статус действует до", "Status valid until", 13, DATE),
        col("status_end_reason", "Мәртебенің тоқтау себебі", "Причина прекращения статуса", "How the status ended",
            18, None, _label(labels.STATUS_END_REASONS, "status_end_reason")),
        col("status_ended_on", "Мәртебе тоқтаған күн", "Дата прекращения статуса", "Status ended on", 13, DATE),
        col("quota_year", "Квота жылы", "Год квоты", "Quota year", 9, YEAR),
        col("quota_region", "Квота бойынша өңір", "Регион по квоте", "Quota region", 26, None,
            _region("quota_region_code")),
        col("quota_arrived_on", "Өңірге көшкен күні", "Дата переезда в регион", "Moved to the region on", 13, DATE),
        col("stage", "Іс сатысы", "Этап дела", "Stage of the case", 24, None,
            lambda r, c: labels.stage(r.get("stage"), c.tr)),
    ))

QUOTA = Layout("quota", {
    "kk": "Өңірлік квотаға енгізілген қандастар", "ru": "Кандасы, включённые в региональную квоту",
    "en": "Kandas included in the regional quota"},
    {"kk": "Өңірлік квота", "ru": "Региональная квота", "en": "Regional quota"}, (
        NUMBER, CASE, FULL_NAME, IIN, ORIGIN,
        col("year", "Квота жылы", "Год квоты", "Quota year", 9, YEAR),
        REGION,
        col("settlement", "Елді мекен", "Населённый пункт", "Settlement", 20, None),
        col("decision_date", "Шешім күні", "Дата решения", "Decision date", 12, DATE),
        col("decision_number", "Шешім нөмірі", "Номер решения", "Decision number", 14, None),
        col("persons_count", "Отбасы мүшелерінің саны", "Число членов семьи", "Family members", 10, INTEGER,
            total=True),
        col("arrived_on", "Өңірге келген күні", "Дата переезда в регион", "Moved to the region on", 13, DATE),
        col("cancelled_on", "Күшін жою күні", "Дата отмены", "Cancelled on", 12, DATE),
        col("over_plan", "Жоспардан тыс", "Сверх плана", "Over the plan", 10, INTEGER,
            lambda r, _c: 1 if r.get("over_plan_override") else 0, total=True),
    ))

PAYMENTS = Layout("payments", {
    "kk": "Субсидиялар төлемдері", "ru": "Выплаты субсидий", "en": "Subsidy payments"},
    {"kk": "Төлемдер", "ru": "Выплаты", "en": "Payments"}, (
        NUMBER,
        col("paid_on", "Төлем күні", "Дата выплаты", "Paid on", 12, DATE),
        col("document_number", "Төлем құжаты", "Платёжный документ", "Payment document", 16, None),
        CASE, FULL_NAME, IIN,
        col("region", "Өңір", "Регион", "Region", 26, None, _region("region_code")),
        col("quota_year", "Квота жылы", "Год квоты", "Quota year", 9, YEAR),
        col("kind", "Субсидия түрі", "Вид субсидии", "Subsidy", 34, None, _label(labels.SUBSIDY_KINDS, "kind")),
        col("period_month", "Кезең (ай)", "Период (месяц)", "Period (month)", 11, MONTH),
        col("due_date", "Төлеу мерзімі", "Срок выплаты", "Due date", 12, DATE),
        col("persons", "Адам саны", "Число лиц", "Persons", 8, INTEGER),
        col("mrp_year", "АЕК жылы", "Год МРП", "MRP year", 9, YEAR),
        col("mrp_coefficient", "АЕК коэффициенті", "Коэффициент МРП", "MRP coefficient", 10, COEFFICIENT,
            _money("mrp_coefficient")),
        # one row per payment with its own amount; what each item owes is on the items sheet
        col("amount", "Төленген сома, ₸", "Выплачено, ₸", "Amount paid, ₸", 15, MONEY, _money("amount"), total=True),
        # the recipient of an employer subsidy; empty for the family's own support
        col("employer_name", "Жұмыс беруші", "Работодатель", "Employer", 30, None,
            lambda r, _c: r.get("employer_name") or None),
        col("employer_bin", "Жұмыс берушінің БСН", "БИН работодателя", "Employer's BIN", 15, TEXT,
            lambda r, _c: r.get("employer_bin") or None),
    ))

EMPLOYMENT = Layout("employment", {
    "kk": "Қандастарды жұмысқа орналастыру", "ru": "Трудоустройство кандасов", "en": "Employment of kandas"},
    {"kk": "Жұмыспен қамту", "ru": "Трудоустройство", "en": "Employment"}, (
        NUMBER, CASE, FULL_NAME, IIN, BIRTH, REGION,
        col("measure", "Шара", "Мера", "Measure", 26, None,
            lambda r, c: labels.label(labels.MEASURE_KINDS, r.get("kind") or r.get("record"), c.tr)),
        col("organisation", "Жұмыс беруші / ұйым", "Работодатель / организация", "Employer or provider", 30, None),
        col("employer_bin", "БСН", "БИН", "BIN", 15, TEXT, lambda r, _c: r.get("employer_bin") or None),
        col("position", "Лауазымы / ескерту", "Должность / примечание", "Position or note", 22, None),
        col("started_on", "Басталған күні", "Дата начала", "Started on", 12, DATE),
        col("ended_on", "Аяқталған күні", "Дата окончания", "Ended on", 12, DATE),
        col("employer_subsidy", "Жұмыс берушіге субсидия", "Субсидия работодателю", "Employer subsidy", 11, INTEGER,
            lambda r, _c: 1 if r.get("employer_subsidy") else 0, total=True),
    ))

EDUCATION = Layout("education", {
    "kk": "Білім беру квотасы бойынша өтініштер", "ru": "Заявления по квоте на образование",
    "en": "Applications within the education quota"},
    {"kk": "Білім квотасы", "ru": "Квота на образование", "en": "Education quota"}, (
        NUMBER, CASE, FULL_NAME, IIN, BIRTH, REGION,
        col("year", "Оқу жылы", "Год приёма", "Admission year", 9, YEAR),
        col("level", "Деңгейі", "Уровень", "Level", 12, None, _label(labels.STUDY_LEVELS, "level")),
        col("institution", "Оқу орны", "Учебное заведение", "Institution", 30, None),
        col("specialty_group", "Мамандықтар тобы", "Группа специальностей", "Specialty group", 24, None),
        col("applied_on", "Өтініш күні", "Дата заявления", "Applied on", 12, DATE),
        col("result", "Нәтижесі", "Результат", "Result", 16, None, _label(labels.APPLICATION_RESULTS, "result")),
        col("decided_on", "Шешім күні", "Дата решения", "Decided on", 12, DATE),
    ))

PAYMENT_ITEMS = Layout("payment_items", {
    "kk": "Субсидиялар кестесі: есептелген, төленген, қалдық", "ru": "Начисления субсидий: начислено, выплачено, остаток",
    "en": "Subsidy items: due, paid, outstanding"},
    {"kk": "Есептелгендер", "ru": "Начисления", "en": "Items"}, (
        NUMBER, CASE, FULL_NAME, IIN,
        col("region", "Өңір", "Регион", "Region", 26, None, _region("region_code")),
        col("quota_year", "Квота жылы", "Год квоты", "Quota year", 9, YEAR),
        col("kind", "Субсидия түрі", "Вид субсидии", "Subsidy", 34, None, _label(labels.SUBSIDY_KINDS, "kind")),
        col("period_month", "Кезең (ай)", "Период (месяц)", "Period (month)", 11, MONTH),
        col("due_date", "Төлеу мерзімі", "Срок выплаты", "Due date", 12, DATE),
        col("persons", "Адам саны", "Число лиц", "Persons", 8, INTEGER),
        col("amount_due", "Есептелген сома, ₸", "Начислено, ₸", "Amount due, ₸", 15, MONEY, _money("amount_due"),
            total=True),
        col("paid", "Төленген сома, ₸", "Выплачено, ₸", "Amount paid, ₸", 15, MONEY, _money("paid"), total=True),
        col("outstanding", "Қалдық, ₸", "Остаток, ₸", "Outstanding, ₸", 15, MONEY, _money("outstanding"), total=True),
        col("cancelled_on", "Квота күшін жойған күн", "Дата отмены квоты", "Inclusion cancelled on", 12, DATE),
        col("employer_name", "Жұмыс беруші", "Работодатель", "Employer", 30, None,
            lambda r, _c: r.get("employer_name") or None),
    ))

LAYOUTS: dict[str, Layout] = {layout.kind: layout for layout in (REGISTER, QUOTA, EMPLOYMENT, EDUCATION, PAYMENTS)}
# Further sheets of an export after its main one.
EXTRA_SHEETS: dict[str, tuple[Layout, ...]] = {"payments": (PAYMENT_ITEMS,)}

FORBIDDEN_IN_SHEET_NAMES = set('[]:*?/\\')


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: forbidden characters replaced, at most 31 characters, not blank,
    and not starting or ending with an apostrophe."""
    cleaned = "".join("-" if ch in FORBIDDEN_IN_SHEET_NAMES else ch for ch in text).strip().strip("'")
    return (cleaned[:31].rstrip() or "Sheet")

