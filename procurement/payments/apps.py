from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "procurement.payments"
    label = "payments"
    verbose_name = "Payments"
