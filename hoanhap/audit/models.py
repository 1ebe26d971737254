"""The audit trail: one append-only row per change, and per read or export of personal data.

Rows hold no foreign keys: the actor and the object are copied (id and a readable label) so that an event
outlives the user and the record it is about. ``unit_path`` is the admin-unit path of the affected object,
which lets a province officer see the events of their province and nothing else.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventIsImmutable(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditEventIsImmutable("audit events cannot be changed")

    def delete(self) -> NoReturn:
        raise AuditEventIsImmutable("audit events cannot be deleted")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=64, blank=True)
    old_values = models.JSONField(_("old values"), null=True, blank=True)
    new_values = models.JSONField(_("new values"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object_time"),
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
            models.Index(fields=["action", "occurred_at"], name="audit_action_time"),
            models.Index(fields=["unit_path"], name="audit_unit_path"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEventIsImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditEventIsImmutable("audit events cannot be deleted")
