"""REST endpoints for indicators, periods and targets. Targets are written through ``target_set``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.core.api import if_match_version
from thidua.core.exceptions import NotFound
from thidua.indicators import selectors, services
from thidua.indicators.models import DisaggregationOption, Indicator, Period, Target
from thidua.organisations.selectors import cluster_edition_get, org_unit_get


def _whole_number(raw: str | None) -> int | None:
    """A query filter: ASCII digits only ("²".isdigit() is true but int() refuses it), small enough for an id."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


class IndicatorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit_of_measure",
            "value_type",
            "direction",
            "aggregation",
            "numerator",
            "denominator",
            "description",
            "version",
        ]


class PeriodSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Period
        fields = ["code", "kind", "year", "number", "name", "start", "end", "calendar"]


class TargetSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    option = serializers.SlugRelatedField(slug_field="code", read_only=True)
    edition = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Target
        fields = ["id", "edition", "unit", "indicator", "period", "option", "kind", "value", "note", "version"]


class TargetInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    edition = serializers.IntegerField()
    unit = serializers.CharField()
    indicator = serializers.CharField()
    period = serializers.CharField()
    option = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.CharField()
    value = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class IndicatorListView(APIView):
    @extend_schema(responses={200: IndicatorSerializer(many=True)}, summary="Danh mục chỉ tiêu")
    def get(self, request: Request) -> Response:
        return Response(IndicatorSerializer(selectors.indicators(user=request.user), many=True).data)


class PeriodListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("kind", str)],
        responses={200: PeriodSerializer(many=True)},
        summary="Kỳ báo cáo",
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year")
        qs = selectors.periods(
            user=request.user,
            year=_whole_number(year),
            kind=request.query_params.get("kind"),
        )
        return Response(PeriodSerializer(qs, many=True).data)


def _write_target(request: Request, expected_version: int | None, current: Target | None = None) -> Target:
    """Assign (POST) or change (PUT, ``current`` = the target at the URL) a target through ``target_set``."""
    data = TargetInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    if current is not None:
        # A PUT changes the target at its URL: which target it is never comes from the body.
        edition, unit, indicator = current.edition, current.unit, current.indicator
        period, option = current.period, current.option
    else:
        edition = cluster_edition_get(user=request.user, pk=v["edition"])
        indicator = services.indicator_by_code(v["indicator"])
        option = None
        if v["option"]:
            option = DisaggregationOption.objects.filter(
                code=v["option"].upper(), disaggregation__indicators=indicator
            ).first()
            if option is None:
                raise NotFound(f"Chỉ tiêu «{indicator.code}» không có phân tổ «{v['option']}».", field="option")
        # The unit is looked up within the user's reach: a unit outside it answers like an unknown code, and its
        # name never appears in a refusal.
        unit = org_unit_get(user=request.user, code=v["unit"])
        period = services.period_by_code(v["period"])
    return services.target_set(
        edition=edition,
        unit=unit,
        indicator=indicator,
        period=period,
        kind=v["kind"],
        value=v["value"],
        option=option,
        note=v["note"],
        expected_version=expected_version,
        actor=request.user,
    )


class TargetListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("edition", int), OpenApiParameter("period", str), OpenApiParameter("unit", str)],
        responses={200: TargetSerializer(many=True)},
        summary="Chỉ tiêu được giao",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        qs = selectors.targets(user=request.user)
        edition = _whole_number(params.get("edition"))
        if edition is not None:
            qs = qs.filter(edition_id=edition)
        if params.get("period"):
            qs = qs.filter(period__code__iexact=params["period"])
        if params.get("unit"):
            qs = qs.filter(unit__code__iexact=params["unit"])
        return Response(TargetSerializer(qs, many=True).data)

    @extend_schema(request=TargetInputSerializer, responses={201: TargetSerializer}, summary="Giao chỉ tiêu")
    def post(self, request: Request) -> Response:
        version = if_match_version(request, request.data.get("version"))
        # Without a version a POST only creates (version 0 = "not assigned yet"): a target someone else has
        # assigned meanwhile is refused with 412, never overwritten silently (DESIGN.md, data never lost).
        target = _write_target(request, 0 if version is None else version)
        response = Response(
            TargetSerializer(target).data, status=status.HTTP_201_CREATED if target.version == 1 else 200
        )
        response["ETag"] = f'"{target.version}"'
        return response


class TargetDetailView(APIView):
    def _get(self, request: Request, pk: int) -> Target:
        target = selectors.targets(user=request.user).filter(pk=pk).first()
        if target is None:
            raise NotFound("Không tìm thấy chỉ tiêu được giao này trong phạm vi của bạn.", field="id")
        return target

    @extend_schema(responses={200: TargetSerializer}, summary="Một chỉ tiêu được giao")
    def get(self, request: Request, pk: int) -> Response:
        target = self._get(request, pk)
        response = Response(TargetSerializer(target).data)
        response["ETag"] = f'"{target.version}"'
        return response

    @extend_schema(
        request=TargetInputSerializer, responses={200: TargetSerializer}, summary="Sửa chỉ tiêu được giao (If-Match)"
    )
    def put(self, request: Request, pk: int) -> Response:
        current = self._get(request, pk)
        version = if_match_version(request, request.data.get("version"))
        if version is None:
            return Response(
                {"detail": "Cần gửi phiên bản đang sửa (tiêu đề If-Match hoặc trường version).", "field": "version"},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        data: Any = request.data
        for key, ref in (
            ("edition", str(current.edition_id)),
            ("unit", current.unit.code),
            ("indicator", current.indicator.code),
            ("period", current.period.code),
            ("option", current.option.code if current.option else ""),
        ):
            if str(data.get(key, ref) or "").strip().upper() != ref.upper():
                return Response(
                    {
                        "detail": "Không đổi được cụm, đơn vị, chỉ tiêu, kỳ hay phân tổ của một chỉ tiêu đã giao.",
                        "field": key,
                    },
                    status=400,
                )
        target = _write_target(request, version, current)
        response = Response(TargetSerializer(target).data)
        response["ETag"] = f'"{target.version}"'
        return response
