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
