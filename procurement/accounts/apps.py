from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AccountsConfig(AppConfig):
    name = "procurement.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers that mark a session as having passed the second factor.
        from . import mfa  # noqa: F401

        # Every app keeps its permission rules in its own `policies` module, and what it holds
        # about a person in `personal_data`; importing them registers them, once every app is
        # loaded.
        autodiscover_modules("policies", "personal_data")
