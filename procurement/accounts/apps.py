from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procurement.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers that mark a session as having passed the second factor.
        from . import mfa  # noqa: F401
