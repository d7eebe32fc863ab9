"""Base models and the append-only, hash-chained audit log (nhật ký thay đổi)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("Cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """A row edited by people: every edit carries the version it was based on (stale edits are refused)."""

    version = models.PositiveIntegerField("Phiên bản", default=1, editable=False)

    class Meta:
        abstract = True


class AuditChainHead(models.Model):
    """The single row locked while an audit event is appended, so the chain never forks."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "đầu chuỗi nhật ký"

    def __str__(self) -> str:
        return f"#{self.seq}"


class AuditEvent(models.Model):
    """Who changed what, when, with the values before and after. Append-only and hash-chained."""

    seq = models.BigIntegerField("Số thứ tự", unique=True)
    at = models.DateTimeField("Thời điểm")
    actor_id = models.BigIntegerField("Mã người thực hiện", null=True, blank=True)
    actor_username = models.CharField("Người thực hiện", max_length=150, blank=True)
    action = models.CharField("Hành động", max_length=80)
    object_type = models.CharField("Loại đối tượng", max_length=100)
    object_id = models.CharField("Mã đối tượng", max_length=64)
    object_repr = models.CharField("Đối tượng", max_length=300)
    before = models.JSONField("Trước", null=True, blank=True)
    after = models.JSONField("Sau", null=True, blank=True)
    reason = models.TextField("Lý do", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    IMMUTABLE_MESSAGE: ClassVar[str] = "Nhật ký thay đổi chỉ được ghi thêm, không được sửa hay xóa."

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(self.IMMUTABLE_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.IMMUTABLE_MESSAGE)
