"""Secret ballots (bỏ phiếu kín bình xét, suy tôn) of a cluster edition.

Who voted (``Participation``) and what was voted (``BallotPaper``) are stored apart, with nothing that links them
(DOMAIN.md section 6): a ballot paper holds a random UUID, its ballot and its choices. No user, unit, roll entry,
time or sequence number; and the services rewrite a ballot's papers in UUID order at every cast, so neither the
storage order (SQLite's rowid, PostgreSQL's ctid) nor the writing transaction (PostgreSQL's xmin) follows the order in
which people voted.
"""

from __future__ import annotations

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from thidua.accounts.domain.roles import Role
from thidua.core.models import VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet
from thidua.voting.domain.ballot import STATUS_LABELS, Status
from thidua.voting.domain.tally import DENOMINATOR_LABELS, BallotRules, Denominator, Threshold

MANAGERS = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE})


class BallotQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        """Readers: whoever reads the edition, and the voters on the roll. Writers: the edition's secretariat and the
        emulation office over the cluster's owner."""
        if action == VIEW:
            if access.is_admin:
                return Q()
            return Q(edition__in=access.edition_ids) | Q(roll__user=access.user_id)
        return Q(edition__in=access.edition_ids_for(action, MANAGERS))


class Ballot(VersionedModel):
    """One secret ballot, e.g. «Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025» of Cụm thi đua số 6."""

    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        related_name="ballots",
        verbose_name="Cụm thi đua (năm)",
    )
    title = models.CharField("Nội dung bình xét", max_length=300)
    status = models.CharField(
        "Trạng thái", max_length=8, choices=[(s.value, STATUS_LABELS[s]) for s in Status], default=Status.DRAFT.value
    )
    seats = models.PositiveSmallIntegerField("Số lượng đơn vị được suy tôn")
    max_choices = models.PositiveSmallIntegerField("Số đơn vị tối đa được chọn trên một phiếu")
    threshold_numerator = models.PositiveIntegerField("Tỷ lệ cần đạt (tử số)")
    threshold_denominator = models.PositiveIntegerField("Tỷ lệ cần đạt (mẫu số)")
    threshold_strict = models.BooleanField("Phải vượt tỷ lệ («trên»)", default=True)
    denominator = models.CharField(
        "Tỷ lệ tính trên",
        max_length=8,
        choices=[(d.value, DENOMINATOR_LABELS[d]) for d in Denominator],
        default=Denominator.ROLL.value,
    )
    # What the minutes (biên bản kiểm phiếu) print.
    place = models.CharField("Địa danh ghi trên biên bản", max_length=100, blank=True)
    document_number = models.CharField("Số biên bản", max_length=60, blank=True)
    held_on = models.DateField("Ngày bỏ phiếu ghi trên biên bản", null=True, blank=True)
    teller_chair = models.CharField("Trưởng ban kiểm phiếu", max_length=150, blank=True)
    teller_secretary = models.CharField("Thư ký", max_length=150, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="Người tạo"
    )
    opened_at = models.DateTimeField("Mở bỏ phiếu lúc", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    frozen_fingerprint = models.CharField("Dấu vân tay danh sách khi mở", max_length=64, blank=True, editable=False)
    recorded_totals = models.JSONField("Số phiếu từng đơn vị khi kết thúc", null=True, blank=True, editable=False)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc bỏ phiếu kín"
        verbose_name_plural = "cuộc bỏ phiếu kín"
        ordering = ["-edition__year", "pk"]
        constraints = [
            models.CheckConstraint(
                name="voting_ballot_seats_positive",
                condition=Q(seats__gte=1) & Q(max_choices__gte=1),
                violation_error_message="Số lượng suy tôn và số đơn vị được chọn trên một phiếu phải từ 1 trở lên.",
            ),
            models.CheckConstraint(
                name="voting_ballot_threshold_range",
                condition=Q(threshold_denominator__gte=1)
                & Q(threshold_numerator__lte=F("threshold_denominator"))
                & ~Q(threshold_strict=True, threshold_numerator=F("threshold_denominator"))
                & ~Q(threshold_strict=False, threshold_numerator=0),
                violation_error_message="Tỷ lệ cần đạt phải lớn hơn 0% và không quá 100%.",
            ),
            models.CheckConstraint(
                name="voting_ballot_status_valid",
                condition=Q(status__in=[s.value for s in Status]),
                violation_error_message="Trạng thái cuộc bỏ phiếu không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def threshold(self) -> Threshold:
        return Threshold(Fraction(self.threshold_numerator, self.threshold_denominator), strict=self.threshold_strict)

    @property
    def rules(self) -> BallotRules:
        return BallotRules(
            seats=self.seats,
            max_choices=self.max_choices,
            threshold=self.threshold,
            denominator=Denominator(self.denominator),
        )


class Candidate(models.Model):
    """A member unit put forward in the ballot (đơn vị được đưa ra bình xét); frozen once the ballot opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="ballot_candidacies", verbose_name="Đơn vị"
    )
    order = models.PositiveSmallIntegerField("Thứ tự trên phiếu", default=0)

    class Meta:
        verbose_name = "đơn vị bình xét"
        verbose_name_plural = "đơn vị bình xét"
        ordering = ["ballot_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                name="voting_candidate_unique",
                violation_error_message="Đơn vị đã có trong danh sách bình xét.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class VoterRollEntry(models.Model):
    """A voter (cử tri): the person representing one member unit; frozen once the ballot opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="roll")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballot_roll", verbose_name="Cử tri"
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="ballot_voters", verbose_name="Đại diện đơn vị"
    )

    class Meta:
        verbose_name = "cử tri"
        verbose_name_plural = "danh sách cử tri"
        ordering = ["ballot_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "user"],
                name="voting_roll_unique_user",
                violation_error_message="Người này đã có tên trong danh sách cử tri.",
            ),
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                name="voting_roll_unique_unit",
                violation_error_message="Đơn vị đã có người đại diện bỏ phiếu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.unit})"


class Participation(models.Model):
    """That a voter on the roll has voted (đã bỏ phiếu): never what. One per roll entry, enforced by the database,
    written in the same transaction as the ballot paper."""

    roll_entry = models.OneToOneField(
        VoterRollEntry, on_delete=models.PROTECT, related_name="participation", verbose_name="Cử tri"
    )

    class Meta:
        verbose_name = "cử tri đã bỏ phiếu"
        verbose_name_plural = "cử tri đã bỏ phiếu"

    def __str__(self) -> str:
        return f"Đã bỏ phiếu: {self.roll_entry}"


class BallotPaper(models.Model):
    """What one voter chose (một lá phiếu): the candidates' ids, sorted. Deliberately nothing else: no voter, unit,
    roll entry, time or sequential key. Never shown one by one, only counted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="papers")
    choices = models.JSONField("Các đơn vị được chọn", default=list)

    class Meta:
        verbose_name = "phiếu bầu"
        verbose_name_plural = "phiếu bầu"
        ordering = ["id"]

    def __str__(self) -> str:
        return "Phiếu bầu"  # never the choices: a paper is not shown on its own
