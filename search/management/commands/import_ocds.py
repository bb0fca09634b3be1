from django.core.management.base import BaseCommand

from search.ocds import import_ocds


class Command(BaseCommand):
    help = (
        "Import notices from OCDS release packages (files, folders of .json files, or http(s) "
        "addresses) as external notices. Safe to run again: releases are matched by id. "
        "Releases that cannot be read are listed with their file and the reason; the rest are "
        "imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")

    def handle(self, *args, sources, **options):
        report = import_ocds(sources)
        for problem in report.problems:
            self.stderr.write(f"Skipped {problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Read {report.files:,} file(s): {report.created:,} new, {report.updated:,} "
                f"updated, {report.unchanged:,} unchanged, {len(report.problems):,} skipped."
            )
        )
