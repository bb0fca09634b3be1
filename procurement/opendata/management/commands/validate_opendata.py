from django.core.management.base import BaseCommand, CommandError

from procurement.opendata import packages, selectors
from procurement.opendata.validation import validate_record_package, validate_release_package


class Command(BaseCommand):
    help = (
        "Check every package /opendata/ serves (each challenge's release and record packages) "
        "against the OCDS 1.1.5 schemas in the repository. Fails if any is invalid."
    )

    def handle(self, *args, **options):
        problems = []
        ocids = list(selectors.challenges_with_open_data().values_list("ocid", flat=True))
        for ocid in ocids:
            for name, package, validate in (
                ("releases", packages.challenge_release_package(ocid), validate_release_package),
                ("record", packages.challenge_record_package(ocid), validate_record_package),
            ):
                problems += [f"{ocid} {name}: {error}" for error in validate(package)]
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the open data.")
        self.stdout.write(f"The open data of {len(ocids)} challenge(s) is valid OCDS 1.1.")
