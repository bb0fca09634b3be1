from django.core.management.base import BaseCommand, CommandError

from search.ocds import import_ocds


class Command(BaseCommand):
    help = (
        "Import notices from OCDS release or record packages (files, folders of .json files, or "
        "http(s) addresses, each at most 50 MB) as external notices, one per ocid holding the "
        "latest compiled state. Safe to run again. Releases that cannot be read are listed with "
        "their file, the release and the reason; the rest are imported. Fails only when nothing "
        "could be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")

    def handle(self, *args, sources, **options):
        report = import_ocds(sources)
        for problem in report.problems:
            self.stderr.write(f"Skipped {problem}")
        summary = (
            f"Read {report.files:,} file(s): {report.created:,} new, {report.updated:,} "
            f"updated, {report.unchanged:,} unchanged, {len(report.problems):,} skipped."
        )
        if report.problems and not report.releases:
            raise CommandError(f"{summary} Nothing could be read.")
        self.stdout.write(self.style.SUCCESS(summary))
