"""REST endpoints of data collection: reports (submissions), their values, workflow actions, bulk review and a
value's history. Each endpoint reads through the selectors (scoped to the user: another unit's report answers 404)
and writes through the services, under the same permissions as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.collection import selectors, services
from thidua.collection.api.serializers import (
    BulkReviewSerializer,
    DataValueInputSerializer,
    DataValueSerializer,
    ReviewOutcomeSerializer,
    SubmissionOpenSerializer,
    SubmissionSerializer,
    ValueHistoryEntrySerializer,
    WorkflowActionSerializer,
)
from thidua.collection.domain.workflow import Action, Status
from thidua.collection.models import DataValue, Submission
from thidua.core.api import error_body, if_match_version
from thidua.core.exceptions import ApplicationError, Forbidden, NotFound
from thidua.indicators import selectors as indicator_selectors
from thidua.indicators.models import DisaggregationOption, Indicator
from thidua.indicators.services import indicator_by_code
from thidua.organisations.selectors import org_unit_get

TAG = ["Thu thập số liệu"]
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='Phiên bản đã xem, dạng "N" (ETag); thay cho trường version.',
)
ERRORS = {
    400: OpenApiResponse(description="Dữ liệu không hợp lệ hoặc thao tác không được phép ở trạng thái này"),
    403: OpenApiResponse(description="Không có quyền"),
    404: OpenApiResponse(description="Không tìm thấy trong phạm vi của người dùng"),
}
VERSIONED_ERRORS = {
    **ERRORS,
    412: OpenApiResponse(description="Dữ liệu đã bị người khác sửa sau khi mở (phiên bản cũ)"),
    428: OpenApiResponse(description="Thiếu phiên bản (If-Match hoặc version)"),
}

VERSION_REQUIRED = "Cần gửi phiên bản đang sửa (tiêu đề If-Match hoặc trường version)."


def _whole_number(raw: str | None) -> int | None:
    """An id from a query string: ASCII digits only, small enough for an id."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _version_required() -> Response:
    return Response(error_body(VERSION_REQUIRED, "version"), status=status.HTTP_428_PRECONDITION_REQUIRED)


def _with_etag(response: Response, version: int) -> Response:
    response["ETag"] = f'"{version}"'
    return response


# Submissions ---------------------------------------------------------------------------------------------------


class SubmissionListView(APIView):
    @extend_schema(
        tags=TAG,
        parameters=[
            OpenApiParameter("edition", int, description="Cụm thi đua của năm (id)"),
            OpenApiParameter("period", str, description="Mã kỳ, ví dụ 2026S1"),
            OpenApiParameter("unit", str, description="Mã đơn vị"),
            OpenApiParameter("status", str, enum=[s.value for s in Status]),
        ],
        responses={200: SubmissionSerializer(many=True)},
        summary="Báo cáo số liệu trong phạm vi người dùng",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        qs = selectors.submissions(user=request.user, edition_id=_whole_number(params.get("edition")))
        if params.get("edition") and _whole_number(params.get("edition")) is None:
            qs = qs.none()
        if params.get("period"):
            qs = qs.filter(period__code__iexact=params["period"].strip())
        if params.get("unit"):
            qs = qs.filter(unit__code__iexact=params["unit"].strip())
        if params.get("status"):
            if params["status"] not in {s.value for s in Status}:
                raise ApplicationError(
                    f"Trạng thái «{params['status']}» không hợp lệ; dùng một trong: "
                    + ", ".join(s.value for s in Status)
                    + ".",
                    field="status",
                )
            qs = qs.filter(status=params["status"])
        return Response(SubmissionSerializer(qs.select_related("submitted_by", "decided_by"), many=True).data)

    @extend_schema(
        tags=TAG,
        request=SubmissionOpenSerializer,
        responses={200: SubmissionSerializer, 201: SubmissionSerializer, **ERRORS},
        summary="Mở báo cáo của đơn vị (tạo bản nháp lần đầu)",
    )
    def post(self, request: Request) -> Response:
        data = SubmissionOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        # Unit, data set and period are looked up within the user's reach: one outside it answers like an unknown
        # code, and its name never appears in the refusal.
        unit = org_unit_get(user=request.user, code=v["unit"])
        data_sets = indicator_selectors.data_sets(user=request.user)
        raw_set = v["data_set"].strip()
        data_set = None
        if raw_set.isascii() and raw_set.isdigit() and len(raw_set) <= 9:
            data_set = data_sets.filter(pk=int(raw_set)).first()
        elif v["edition"] is not None:
            data_set = data_sets.filter(edition_id=v["edition"], code__iexact=raw_set).first()
        if data_set is None:
            raise NotFound(
                f"Không tìm thấy bộ chỉ tiêu «{raw_set}» trong phạm vi của bạn (gửi id, hoặc mã kèm edition).",
                field="data_set",
            )
        period = indicator_selectors.period_get(user=request.user, code=v["period"])
        # Asked before the service, which hands back an existing report without asking who wants it: another
        # unit's people get the same refusal whether or not its report exists (missing and forbidden look alike).
        probe = Submission(unit=unit, data_set=data_set, period=period)
        if not (
            request.user.has_perm("collection.enter_values", probe) or request.user.has_perm("collection.submit", probe)
        ):
            raise Forbidden("Chỉ cán bộ hoặc lãnh đạo của đơn vị được mở báo cáo của đơn vị.")
        existed = selectors.submissions(user=request.user).filter(unit=unit, data_set=data_set, period=period).exists()
        submission = services.submission_open(unit=unit, data_set=data_set, period=period, actor=request.user)
        submission = selectors.submission_get(user=request.user, pk=submission.pk)
        return _with_etag(
            Response(
                SubmissionSerializer(submission).data,
                status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
            ),
            submission.version,
        )


class SubmissionDetailView(APIView):
    @extend_schema(
        tags=TAG,
        responses={200: SubmissionSerializer, 404: ERRORS[404]},
        summary="Một báo cáo (ETag = phiên bản)",
    )
    def get(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_get(user=request.user, pk=pk)
        return _with_etag(Response(SubmissionSerializer(submission).data), submission.version)


# Values ------------------------------------------------------------------------------------------------------------


def _indicator_and_option(indicator_code: str, option_code: str) -> tuple[Indicator, DisaggregationOption | None]:
    indicator = indicator_by_code(indicator_code)
    if not option_code:
        return indicator, None
    option = DisaggregationOption.objects.filter(
        code__iexact=option_code.strip(), disaggregation__indicators=indicator
    ).first()
    if option is None:
        raise ApplicationError(f"Chỉ tiêu «{indicator.code}» không có phân tổ «{option_code}».", field="option")
    return indicator, option


class SubmissionValuesView(APIView):
    @extend_schema(
        tags=TAG,
        responses={200: DataValueSerializer(many=True), 404: ERRORS[404]},
        summary="Số liệu của một báo cáo",
    )
    def get(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_get(user=request.user, pk=pk)
        values = selectors.values_of(user=request.user, submission=submission).select_related("entered_by")
        return Response(DataValueSerializer(values, many=True).data)

    @extend_schema(
        tags=TAG,
        parameters=[IF_MATCH],
        request=DataValueInputSerializer,
        responses={
            200: DataValueSerializer,
            201: DataValueSerializer,
            204: OpenApiResponse(description="Giá trị rỗng: số liệu đã được xóa"),
            **VERSIONED_ERRORS,
        },
        summary="Nhập hoặc sửa một số liệu (If-Match hoặc version = phiên bản của số liệu)",
    )
    def put(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_get(user=request.user, pk=pk)
        if not request.user.has_perm("collection.enter_values", submission):
            raise Forbidden("Chỉ cán bộ nhập liệu của đơn vị được nhập số liệu.")
        data = DataValueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        indicator, option = _indicator_and_option(v["indicator"], v["option"] or "")
        version = if_match_version(request, v["version"])
        existing = selectors.values_of(user=request.user, submission=submission).filter(
            indicator=indicator, option=option
        )
        if version is None:
            if existing.exists():
                return _version_required()
            # A new value: "not entered yet" is version 0, so a value someone else created meanwhile is refused
            # with 412, never overwritten (DESIGN.md, data never lost).
            version = 0
        saved = services.value_save(
            submission=submission,
            indicator=indicator,
            option=option,
            raw=v["value"],
            comment=v["comment"],
            expected_version=version,
            actor=request.user,
        )
        if saved is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        stored = selectors.values_of(user=request.user, submission=submission).select_related("entered_by")
        value = stored.get(pk=saved.pk)
        return _with_etag(
            Response(
                DataValueSerializer(value).data,
                status=status.HTTP_201_CREATED if value.version == 1 else status.HTTP_200_OK,
            ),
            value.version,
        )


def _value_of(request: Request, pk: int, value_pk: int) -> DataValue:
    submission = selectors.submission_get(user=request.user, pk=pk)
    value = (
        selectors.values_of(user=request.user, submission=submission)
        .select_related("entered_by")
        .filter(pk=value_pk)
        .first()
    )
    if value is None:
        raise NotFound("Không tìm thấy số liệu này trong báo cáo.", field="value")
    return value


class ValueDetailView(APIView):
    @extend_schema(
        tags=TAG,
        responses={200: DataValueSerializer, 404: ERRORS[404]},
        summary="Một số liệu (ETag = phiên bản)",
    )
    def get(self, request: Request, pk: int, value_pk: int) -> Response:
        value = _value_of(request, pk, value_pk)
        return _with_etag(Response(DataValueSerializer(value).data), value.version)


class ValueHistoryView(APIView):
    @extend_schema(
        tags=TAG,
        responses={200: ValueHistoryEntrySerializer(many=True), 404: ERRORS[404]},
        summary="Lịch sử thay đổi của một số liệu (nhật ký: ai, khi nào, trước và sau)",
    )
    def get(self, request: Request, pk: int, value_pk: int) -> Response:
        submission = selectors.submission_get(user=request.user, pk=pk)
        entries = selectors.value_history(user=request.user, submission=submission, value_pk=value_pk)
        return Response(ValueHistoryEntrySerializer(entries, many=True).data)


# Workflow ----------------------------------------------------------------------------------------------------------


def _act(submission: Submission, action: Action, *, reason: str, version: int, actor: Any) -> Submission:
    if action is Action.SUBMIT:
        return services.submission_submit(submission=submission, expected_version=version, actor=actor)
    if action is Action.RETURN:
        return services.submission_return(submission=submission, reason=reason, expected_version=version, actor=actor)
    if action is Action.APPROVE:
        return services.submission_approve(submission=submission, expected_version=version, actor=actor)
    if action is Action.FINALISE:
        return services.submission_finalise(submission=submission, expected_version=version, actor=actor)
    return services.submission_unapprove(submission=submission, reason=reason, expected_version=version, actor=actor)


class SubmissionActionView(APIView):
    @extend_schema(
        tags=TAG,
        parameters=[IF_MATCH],
        request=WorkflowActionSerializer,
        responses={200: SubmissionSerializer, **VERSIONED_ERRORS},
        summary="Gửi, trả lại, duyệt, phê duyệt chính thức hoặc hủy duyệt báo cáo (theo phiên bản đã xem)",
    )
    def post(self, request: Request, pk: int) -> Response:
        submission = selectors.submission_get(user=request.user, pk=pk)
        data = WorkflowActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        version = if_match_version(request, v["version"])
        if version is None:
            # An action must name the version it was based on: an approval without one would approve whatever is
            # stored now, including figures the reviewer never saw.
            return _version_required()
        _act(submission, Action(v["action"]), reason=v["reason"], version=version, actor=request.user)
        submission = selectors.submission_get(user=request.user, pk=pk)
        return _with_etag(Response(SubmissionSerializer(submission).data), submission.version)


class BulkReviewView(APIView):
    @extend_schema(
        tags=TAG,
        request=BulkReviewSerializer,
        responses={200: ReviewOutcomeSerializer(many=True), **VERSIONED_ERRORS},
        summary="Thường trực cụm duyệt hoặc trả lại nhiều báo cáo một lần (mỗi báo cáo có lý do và phiên bản)",
    )
    def post(self, request: Request) -> Response:
        data = BulkReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decisions = data.validated_data["decisions"]
        if any(d["version"] is None for d in decisions):
            return _version_required()
        wanted = {d["submission"] for d in decisions}
        found = {s.pk: s for s in selectors.submissions(user=request.user).filter(pk__in=wanted)}
        missing = sorted(wanted - set(found))
        if missing:
            raise NotFound(
                "Không tìm thấy báo cáo số " + ", ".join(map(str, missing)) + " trong phạm vi của bạn; "
                "chưa duyệt hay trả lại báo cáo nào.",
                field="decisions",
            )
        if not all(request.user.has_perm("collection.review", s) for s in found.values()):
            raise Forbidden("Chỉ thường trực cụm được duyệt hoặc trả lại báo cáo; chưa báo cáo nào thay đổi.")
        outcomes = services.submissions_review(
            decisions=[(found[d["submission"]], d["action"], d["reason"], d["version"]) for d in decisions],
            actor=request.user,
        )
        now = {s.pk: s for s in selectors.submissions(user=request.user).filter(pk__in=wanted)}
        return Response(
            ReviewOutcomeSerializer(
                [
                    {
                        "submission": o.submission_id,
                        "ok": o.ok,
                        "detail": o.message,
                        "status": now[o.submission_id].status,
                        "version": now[o.submission_id].version,
                    }
                    for o in outcomes
                ],
                many=True,
            ).data
        )
