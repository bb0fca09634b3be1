from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "procurement.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"
