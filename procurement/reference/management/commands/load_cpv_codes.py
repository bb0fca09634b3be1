from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procurement.reference.cpv import DEFAULT_PATH, load_cpv_codes


class Command(BaseCommand):
    help = "Load (or refresh) the CPV 2008 codes from the bundled CSV file. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=DEFAULT_PATH,
            help="A CSV file with the columns code,label,level,parent (default: the bundled list).",
        )

    def handle(self, *args, path, **options):
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        count = load_cpv_codes(path)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} CPV codes."))
