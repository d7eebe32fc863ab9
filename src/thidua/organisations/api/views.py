"""REST endpoints for org units, the tree on a date and cluster editions (read-only)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.core.forms import parse_day
from thidua.organisations import selectors

DATE_PARAM = OpenApiParameter("date", OpenApiTypes.DATE, description="Ngày xem tổ chức (YYYY-MM-DD hoặc dd/mm/yyyy)")


class NodeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(source="unit")
    name = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class OrgTreeView(APIView):
    @extend_schema(
        parameters=[DATE_PARAM], responses={200: NodeSerializer(many=True)}, summary="Cây tổ chức tại một ngày"
    )
    def get(self, request: Request) -> Response:
        day = parse_day(request.query_params.get("date"), field="date") or timezone.localdate()
        tree = selectors.org_tree_on(user=request.user, day=day)
        nodes = [{**NodeSerializer(node).data, "depth": depth} for depth, node in tree.walk()]
        return Response({"date": day.isoformat(), "units": nodes})


class VersionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    short_name = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    basis = serializers.CharField()


def _unit_ref(unit: Any) -> dict[str, str]:
    return {"code": unit.code, "name": str(unit)}


class OrgUnitDetailView(APIView):
    @extend_schema(
        responses={200: inline_serializer("OrgUnitHistory", {"code": serializers.CharField()})},
        summary="Lịch sử một đơn vị: tên, cấp trên, tiền thân, kế thừa",
    )
    def get(self, request: Request, code: str) -> Response:
        history = selectors.org_unit_history(user=request.user, code=code)
        unit = history.unit
        return Response(
            {
                "code": unit.code,
                "unit_type": unit.unit_type,
                "name": str(unit),
                "version": unit.version,
                "versions": VersionSerializer(history.versions, many=True).data,
                "predecessors": [_unit_ref(u) for u in history.predecessors],
                "successors": [_unit_ref(u) for u in history.successors],
                "restated_from": [_unit_ref(u) for u in history.restated_from],
                "restatement_notes": history.restatement_notes,
            }
        )


class EditionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(source="pk")
    cluster_number = serializers.IntegerField(source="cluster.number")
    cluster_name = serializers.CharField(source="cluster.name")
    level = serializers.CharField(source="cluster.level")
    year = serializers.IntegerField()
    leader = serializers.CharField(source="leader.code", allow_null=True, default=None)
    deputy = serializers.CharField(source="deputy.code", allow_null=True, default=None)
    selection_method = serializers.CharField()
    basis = serializers.CharField()
    basis_date = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    members = serializers.SerializerMethodField()

    def get_members(self, edition: Any) -> list[dict[str, Any]]:
        return [
            {"code": m.unit.code, "name": str(m.unit), "valid_from": m.valid_from, "valid_to": m.valid_to}
            for m in edition.memberships.all()
        ]


class ClusterEditionListView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: EditionSerializer(many=True)},
        summary="Cụm thi đua theo năm trong phạm vi người dùng",
    )
    def get(self, request: Request) -> Response:
        year = request.query_params.get("year")
        editions = selectors.cluster_editions(user=request.user, year=int(year) if year and year.isdigit() else None)
        return Response(EditionSerializer(editions.prefetch_related("memberships__unit"), many=True).data)


class ClusterEditionDetailView(APIView):
    @extend_schema(responses={200: EditionSerializer}, summary="Một cụm thi đua của một năm")
    def get(self, request: Request, pk: int) -> Response:
        edition = selectors.cluster_edition_get(user=request.user, pk=pk)
        response = Response(EditionSerializer(edition).data)
        response["ETag"] = f'"{edition.version}"'
        return response
