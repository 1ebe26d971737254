from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hoanhap.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "accounts.user.created": _("Account created"),
                "accounts.user.updated": _("Account changed"),
                "accounts.user.password_set": _("Password set by an administrator"),
                "accounts.user.unlocked": _("Account unlocked"),
                "accounts.user.listed": _("Accounts listed"),
                "accounts.user.viewed": _("Account opened"),
                "accounts.session.signed_in": _("Signed in"),
                "accounts.session.signed_out": _("Signed out"),
                "accounts.two_factor.enabled": _("Two-step verification turned on"),
                "accounts.two_factor.disabled": _("Two-step verification turned off"),
                "accounts.api_token.created": _("API token created"),
                "accounts.api_token.revoked": _("API token revoked"),
            }
        )
