"""``person file --person ID --lang kk|ru --out F.pdf [--xlsx F.xlsx]``: a person's own file
(subject access, Law No. 94-V). Producing it is logged (view log and audit) as the signed-in
command-line user (``cli:<os user>``)."""
from __future__ import annotations

from pathlib import Path

from cli import EXIT_OK, EXIT_REFUSED
from cli.context import CliContext
from cli.report import output_folder_problem
from i18n import Translator


def register(subparsers, tr) -> None:
    parser = subparsers.add_parser("person", help=tr._("a person's own data (subject access)"))
    actions = parser.add_subparsers(dest="person_action", metavar="ACTION", required=True)
    file = actions.add_parser("file", help=tr._(
        "write everything held about a person as a PDF (and an xlsx); the production is logged"))
    file.add_argument("--person", type=int, required=True, metavar="ID", help=tr._("the person's id"))
    file.add_argument("--lang", dest="file_lang", choices=("kk", "ru"), required=True,
                      help=tr._("language of the file"))
    file.add_argument("--out", required=True, metavar="FILE.pdf", help=tr._("the PDF to write"))
    file.add_argument("--xlsx", metavar="FILE.xlsx", help=tr._("also write the same as an Excel file"))
    file.set_defaults(handler=run_file)
    grounds = subparsers.add_parser("legal-grounds", help=tr._(
        "the laws that oblige the centre to process personal data (a basis other than consent)"))
    ground_actions = grounds.add_subparsers(dest="grounds_action", metavar="ACTION", required=True)
    listing = ground_actions.add_parser("list", help=tr._("list the laws, retired ones too"))
    listing.set_defaults(handler=run_grounds_list)
    save = ground_actions.add_parser("set", help=tr._("add a law or change its names; --retire hides it from "
                                                      "new records"))
    save.add_argument("code", help=tr._("a short Latin code, e.g. migration_law"))
    save.add_argument("--kk", required=True, help=tr._("name in Kazakh"))
    save.add_argument("--ru", required=True, help=tr._("name in Russian"))
    save.add_argument("--en", required=True, help=tr._("name in English"))
    save.add_argument("--retire", action="store_true", help=tr._("no longer offered for new records"))
    save.set_defaults(handler=run_grounds_set)


def run_grounds_list(args, ctx: CliContext) -> int:
    for g in ctx.services().privacy.legal_grounds(include_inactive=True):
        mark = "" if g.active else " " + ctx.tr._("(retired)")
        ctx.out(f"{g.code:<20} {g.name(ctx.tr.language)}{mark}")
    return EXIT_OK


def run_grounds_set(args, ctx: CliContext) -> int:
    ctx.services().privacy.save_legal_ground(args.code, args.kk, args.ru, args.en, active=not args.retire)
    ctx.out(ctx.tr.format("Saved: {code}", code=args.code.strip().lower()))
    return EXIT_OK


def run_file(args, ctx: CliContext) -> int:
    from reports.subject_access import export_subject_access
    pdf, xlsx = Path(args.out), Path(args.xlsx) if args.xlsx else None
    for path in (pdf, xlsx):
        problem = path is not None and output_folder_problem(path, ctx.tr)
        if problem:
            ctx.err(problem)
            return EXIT_REFUSED
    written = export_subject_access(ctx.services(), args.person, Translator(args.file_lang), pdf, xlsx)
    ctx.out(ctx.tr.format("Written: {path}", path=str(pdf)))
    if xlsx is not None:
        ctx.out(ctx.tr.format("Written: {path}", path=str(xlsx)))
    ctx.out(ctx.tr.format("{count} parts for {name}.", count=len(written.sections), name=written.full_name))
    return EXIT_OK
