from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role, role_has
from hoanhap.agencies.models import Agency
from hoanhap.core.scope import Scope
from hoanhap.geo.models import AdminUnit


class User(AbstractUser):
    """A person who signs in. Reach is the set of assigned unit subtrees (``scope``)."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    units = models.ManyToManyField(
        AdminUnit, through="UnitAssignment", verbose_name=_("units"), related_name="+"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._scope: Scope | None = None

    @property
    def scope(self) -> Scope:
        """Computed once per request; administrators reach everything."""
        if self._scope is None:
            if self.role == Role.ADMIN:
                self._scope = Scope(everything=True)
            else:
                paths = self.unit_assignments.values_list("unit__path", flat=True)
                self._scope = Scope(paths=tuple(sorted(paths)))
        return self._scope

    def forget_scope(self) -> None:
        self._scope = None

    def has_capability(self, capability: str) -> bool:
        return self.is_active and role_has(self.role, capability)

    @property
    def requires_two_factor(self) -> bool:
        return self.role in ROLES_REQUIRING_TWO_FACTOR


class UnitAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="unit_assignments")
    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("unit assignment")
        verbose_name_plural = _("unit assignments")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="assignment_user_unit_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once, when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
