"""What the data-collection API reads and writes. Writes only parse: the services decide."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.collection.domain.workflow import Action, Status

# Submissions ---------------------------------------------------------------------------------------------------


class SubmissionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A unit's report for one data set and one period (báo cáo của đơn vị); its ``version`` is its ETag."""

    id = serializers.IntegerField(source="pk")
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.__str__")
    edition = serializers.IntegerField(source="data_set.edition_id")
    data_set = serializers.IntegerField(source="data_set_id")
    data_set_code = serializers.CharField(source="data_set.code")
    data_set_name = serializers.CharField(source="data_set.name")
    period = serializers.CharField(source="period.code")
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)
    submitted_late = serializers.BooleanField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    reason = serializers.CharField()
    review_flags = serializers.ListField(child=serializers.CharField())
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class SubmissionOpenSerializer(serializers.Serializer):  # type: ignore[type-arg]
    unit = serializers.CharField(help_text="Mã đơn vị, ví dụ NAN.")
    data_set = serializers.CharField(
        help_text="Số hiệu (id) của bộ chỉ tiêu, hoặc mã bộ chỉ tiêu kèm trường edition (cụm thi đua của năm)."
    )
    edition = serializers.IntegerField(required=False, allow_null=True, default=None)
    period = serializers.CharField(help_text="Mã kỳ báo cáo, ví dụ 2026S1.")


# Values ------------------------------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
        "nullable": True,
        "description": "Giá trị như người dùng gõ: «1.799», «93,5», «có»; rỗng hoặc null để xóa.",
    }
)
class TypedValueField(serializers.Field):  # type: ignore[type-arg]
    """A value as typed (a string in Vietnamese notation, a JSON number or a boolean); the service parses it by
    the indicator's type, so the API accepts exactly what the form accepts."""

    default_error_messages = {"invalid": "Giá trị phải là chữ, số hoặc có/không, không phải danh sách hay đối tượng."}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list | dict):
            self.fail("invalid")
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class DataValueSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One reported figure (số liệu); ``version`` is what an edit of it must send back."""

    id = serializers.IntegerField(source="pk")
    indicator = serializers.CharField(source="indicator.code")
    indicator_name = serializers.CharField(source="indicator.name")
    option = serializers.CharField(source="option.code", allow_null=True, default=None)
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    value_bool = serializers.BooleanField(allow_null=True)
    value_text = serializers.CharField()
    display = serializers.CharField()
    comment = serializers.CharField()
    entered_by = serializers.CharField(source="entered_by.username", allow_null=True, default=None)
    flagged = serializers.BooleanField()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class DataValueInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    indicator = serializers.CharField(help_text="Mã chỉ tiêu, ví dụ XAYRA.")
    option = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default="", help_text="Mã phân tổ (bỏ trống: tổng số)."
    )
    value = TypedValueField(required=False, default=None)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="Ghi chú, giải thích; bỏ qua để giữ ghi chú đang có.",
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Phiên bản của số liệu đang sửa (hoặc tiêu đề If-Match); bắt buộc khi sửa số liệu đã có.",
    )


class ValueHistoryEntrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One change of a value from the audit log: who, when, what, before and after (figures as Vietnamese users
    write them, e.g. «1.799»)."""

    at = serializers.DateTimeField()
    who = serializers.CharField()
    action = serializers.CharField(help_text="Nhập mới, Sửa hoặc Xóa.")
    before = serializers.CharField()
    after = serializers.CharField()
    before_comment = serializers.CharField()
    after_comment = serializers.CharField()
    reason = serializers.CharField()


# Workflow ----------------------------------------------------------------------------------------------------------


class WorkflowActionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    action = serializers.ChoiceField(
        choices=[a.value for a in Action],
        help_text="submit (gửi), return (trả lại), approve (duyệt), finalise (phê duyệt chính thức), "
        "unapprove (hủy duyệt).",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Bắt buộc khi trả lại.")
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Phiên bản báo cáo đã xem (hoặc tiêu đề If-Match); bắt buộc.",
    )


class ReviewDecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    submission = serializers.IntegerField()
    action = serializers.ChoiceField(choices=[Action.APPROVE.value, Action.RETURN.value])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class BulkReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    decisions = ReviewDecisionSerializer(many=True, allow_empty=False)


class ReviewOutcomeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    submission = serializers.IntegerField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
