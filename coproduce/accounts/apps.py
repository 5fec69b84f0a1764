from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Sign-in and sign-out happen inside Django's login()/logout(), not in a service of
        # ours, so their audit rows hang off Django's signals (see receivers.py).
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import receivers

        user_logged_in.connect(receivers.audit_signed_in, dispatch_uid="accounts.audit_signed_in")
        user_logged_out.connect(receivers.audit_signed_out, dispatch_uid="accounts.audit_signed_out")
