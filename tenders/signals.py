"""What the sealed box tells the apps that read it. `tenders` imports nothing of theirs: the
evaluation, which reads proposals through `tenders`, listens here instead."""

from django.dispatch import Signal

# Sent by the approval that opens the box, inside its transaction, with `challenge` and `by`:
# whatever starts because of the opening (the evaluation) starts in the same transaction, so
# the box is never open without it.
tender_opened = Signal()
