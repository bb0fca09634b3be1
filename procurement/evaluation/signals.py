"""The evaluation starts when the sealed box is opened. `tenders` knows nothing of the
evaluation; it announces the opening and the evaluation answers, in the same transaction."""

from django.dispatch import receiver

from tenders.signals import tender_opened

from . import services


@receiver(tender_opened)
def start_evaluation(sender, *, challenge, by, **kwargs):
    services.evaluation_start(challenge=challenge)
