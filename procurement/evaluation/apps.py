from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "procurement.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        # Start the evaluation when the sealed box is opened (tenders.signals.tender_opened).
        from . import signals  # noqa: F401
