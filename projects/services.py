"""Writes to the register: projects, leaders, annual plans, milestones and monthly reports.

Every form, API endpoint and spreadsheet upload goes through these functions, so a rule is
written once. Report checks live in `monthly_report_problems`; the services raise
`ValidationError` with a message per field and write nothing when a check fails."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from portfolio.models import Leader, User
from portfolio.months import MONTH_RE, current_month

from .choices import COUNTED_REPORT_STATUSES, MonthlyReportStatusChoices
from .models import (
    AnnualPlan,
    LeaderAssignment,
    Milestone,
    MonthlyReport,
    Project,
    ReportPhoto,
    ResponsibleParty,
    StageChange,
)
from .pinyin import name_initials

Status = MonthlyReportStatusChoices

# A month above this many times the project's average month so far needs a justification.
PACE_FACTOR = Decimal("3")
FILER_STATUSES = (Status.DRAFT, Status.SUBMITTED)
EDITABLE_BY_FILER = (Status.DRAFT, Status.RETURNED)


# --- Projects -----------------------------------------------------------------------------------


def _record_stage(*, project: Project, from_stage: str, user: User | None, reason: str) -> None:
    if from_stage != project.stage:
        StageChange.objects.create(
            project=project, from_stage=from_stage, to_stage=project.stage, reason=reason, changed_by=user
        )


@transaction.atomic
def project_create(*, user: User | None, leader: Leader | None = None, stage_reason: str = "", **fields) -> Project:
    project = Project(**fields)
    project.name_initials = name_initials(project.name)
    project.full_clean()
    project.save()
    _record_stage(project=project, from_stage="", user=user, reason=stage_reason)
    if leader is not None:
        project_set_leader(project=project, leader=leader, user=user)
    return project


@transaction.atomic
def project_update(*, project: Project, user: User | None, stage_reason: str = "", **fields) -> Project:
    """Change a project's fields; a stage change is recorded with who and why."""
    previous_stage = Project.objects.filter(pk=project.pk).values_list("stage", flat=True).get()
    for name, value in fields.items():
        setattr(project, name, value)
    project.name_initials = name_initials(project.name)
    project.full_clean()
    project.save()
    _record_stage(project=project, from_stage=previous_stage, user=user, reason=stage_reason)
    return project


@transaction.atomic
def project_set_leader(
    *, project: Project, leader: Leader | None, user: User | None = None, started_on: datetime.date | None = None
) -> LeaderAssignment | None:
    """Assign a city leader (包保). The previous active assignment ends; history is kept.
    `leader=None` ends the active assignment without a successor."""
    started_on = started_on or timezone.localdate()
    Project.objects.select_for_update().filter(pk=project.pk).first()
    active = LeaderAssignment.objects.select_for_update().filter(project=project, ended_on__isnull=True).first()
    if active and leader and active.leader_id == leader.pk:
        return active
    if active:
        active.ended_on = max(started_on, active.started_on)
        active.full_clean()
        active.save(update_fields=["ended_on"])
    if leader is None:
        return None
    assignment = LeaderAssignment(project=project, leader=leader, started_on=started_on)
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    return assignment


@transaction.atomic
def responsible_parties_set(*, project: Project, parties: list[dict]) -> list[ResponsibleParty]:
    """Replace a project's responsible parties (五方责任主体): at most one per role."""
    roles = [p["role"] for p in parties]
    if len(roles) != len(set(roles)):
        raise ValidationError({"role": _("Each responsible party role may appear only once.")})
    keep = []
    for data in parties:
        party = ResponsibleParty.objects.filter(project=project, role=data["role"]).first() or ResponsibleParty(
            project=project, role=data["role"]
        )
        for name in ("organisation", "contact_name", "contact_phone"):
            setattr(party, name, data.get(name, "") or "")
        party.full_clean(validate_constraints=False)
        party.save()
        keep.append(party.pk)
    ResponsibleParty.objects.filter(project=project).exclude(pk__in=keep).delete()
    return list(ResponsibleParty.objects.filter(project=project))


# --- Annual plans and milestones ----------------------------------------------------------------


@transaction.atomic
def annual_plan_upsert(
    *,
    project: Project,
    year: int,
    nature: str,
    planned_investment: Decimal,
    planned_start_month: int | None = None,
    monthly_plan: list | None = None,
    plan: AnnualPlan | None = None,
) -> AnnualPlan:
    """Create or change a project's plan for a year. A monthly plan has twelve figures whose
    sum is the annual figure (checked by `AnnualPlan.clean`)."""
    if plan is None:
        plan = AnnualPlan.objects.filter(project=project, year=year).first() or AnnualPlan(project=project, year=year)
    plan.project = project
    plan.year = year
    plan.nature = nature
    plan.planned_investment = planned_investment
    plan.planned_start_month = planned_start_month
    if monthly_plan is not None and len(monthly_plan) != 12:
        raise ValidationError({"monthly_plan": _("Give exactly twelve monthly figures, or none.")})
    plan.monthly_plan = monthly_plan
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def milestone_create(*, project: Project, **fields) -> Milestone:
    milestone = Milestone(project=project, **fields)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, **fields) -> Milestone:
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    return milestone


# --- Monthly reports: the checks ----------------------------------------------------------------


@dataclass
class ReportHistory:
    """What a project has counted so far, apart from the report being checked."""

    counted_total: Decimal = Decimal("0")
    earlier_total: Decimal = Decimal("0")
    earlier_count: int = 0

    @property
    def average(self) -> Decimal | None:
        return self.earlier_total / self.earlier_count if self.earlier_count else None


def report_histories(*, project_ids, month: str, exclude_ids=()) -> dict[int, ReportHistory]:
    """Counted totals per project in one query: all counted reports, and those before `month`."""
    rows = (
        MonthlyReport.objects.filter(project_id__in=list(project_ids), status__in=COUNTED_REPORT_STATUSES)
        .exclude(pk__in=[pk for pk in exclude_ids if pk])
        .values("project_id")
        .annotate(
            counted_total=Sum("completed_investment"),
            earlier_total=Sum("completed_investment", filter=Q(month__lt=month)),
            earlier_count=Count("id", filter=Q(month__lt=month)),
        )
    )
    return {
        row["project_id"]: ReportHistory(
            counted_total=row["counted_total"] or Decimal("0"),
            earlier_total=row["earlier_total"] or Decimal("0"),
            earlier_count=row["earlier_count"],
        )
        for row in rows
    }


def monthly_report_problems(
    *,
    project: Project,
    month: str,
    completed_investment,
    justification: str = "",
    report: MonthlyReport | None = None,
    history: ReportHistory | None = None,
) -> dict[str, str]:
    """Every rule a report must meet, in one place for the form, the API and the upload.
    Returns {field: message}; empty when the report may be saved.

    A justification (说明) is required when the month is more than three times the project's
    average counted month so far, or when it takes the cumulative counted amount since the start
    past the project's total investment (DESIGN.md section 7)."""
    problems = {}
    if not MONTH_RE.match(month or ""):
        problems["month"] = _("Enter a month as YYYY-MM.")
    elif month > current_month():
        problems["month"] = _("Reports for months in the future cannot be filed.")
    if completed_investment in (None, ""):
        problems["completed_investment"] = _("Enter the investment completed this month.")
        return problems
    try:
        amount = Decimal(str(completed_investment))
    except ArithmeticError:
        problems["completed_investment"] = _("Enter a number.")
        return problems
    if amount < 0:
        problems["completed_investment"] = _("The completed investment cannot be negative.")
        return problems
    if "month" in problems:
        return problems
    if history is None:
        history = report_histories(project_ids=[project.pk], month=month, exclude_ids=[getattr(report, "pk", None)])
        history = history.get(project.pk, ReportHistory())
    if (justification or "").strip():
        return problems
    cumulative = history.counted_total + amount
    if cumulative > project.total_investment:
        problems["justification"] = _(
            "The cumulative completed investment (%(cumulative)s) would exceed the total investment "
            "(%(total)s): explain why."
        ) % {"cumulative": cumulative, "total": project.total_investment}
    elif history.average is not None and amount > PACE_FACTOR * history.average:
        problems["justification"] = _(
            "This month is more than three times the project's average month (%(average)s): explain why."
        ) % {"average": history.average.quantize(Decimal("0.01"))}
    return problems


# --- Monthly reports: saving, submitting, reviewing ---------------------------------------------


def _check_status_allowed(*, user: User, status: str, existing: MonthlyReport | None) -> None:
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if user.is_office:
        return
    if status not in FILER_STATUSES:
        raise ValidationError({"status": _("You may save a report as a draft or submit it.")})
    if existing is not None and existing.status not in EDITABLE_BY_FILER:
        raise ValidationError(
            {
                "status": _("This report has been %(status)s and can no longer be changed.")
                % {"status": existing.get_status_display()}
            }
        )


@transaction.atomic
def monthly_report_save(
    *,
    user: User,
    project: Project,
    month: str,
    completed_investment,
    progress: str = "",
    problems: str = "",
    next_steps: str = "",
    justification: str = "",
    status: str = Status.DRAFT,
    report: MonthlyReport | None = None,
    create_only: bool = False,
    history: ReportHistory | None = None,
) -> MonthlyReport:
    """Save a project's report for a month as a draft, or submit it; there is one report per
    project and month. The project row is locked so that concurrent filings of the same month
    queue behind each other and leave exactly one report."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    existing = report or MonthlyReport.objects.select_for_update().filter(project=project, month=month).first()
    if existing is not None and create_only:
        raise ValidationError({"month": _("A report for this project and month already exists.")})
    _check_status_allowed(user=user, status=status, existing=existing)
    found = monthly_report_problems(
        project=project,
        month=month,
        completed_investment=completed_investment,
        justification=justification,
        report=existing,
        history=history,
    )
    if found:
        raise ValidationError(found)
    target = existing or MonthlyReport(project=project, month=month)
    target.project = project
    target.month = month
    target.completed_investment = Decimal(str(completed_investment))
    target.progress = progress or ""
    target.problems = problems or ""
    target.next_steps = next_steps or ""
    target.justification = justification or ""
    target.status = status
    target.filed_by = user
    if status == Status.SUBMITTED:
        target.submitted_at = timezone.now()
    target.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as error:
        raise ValidationError({"month": _("A report for this project and month already exists.")}) from error
    return target


class BulkReportError(Exception):
    """Some rows of a bulk filing were invalid; nothing was saved. `errors` maps each row's
    key to {field: message}."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def _messages(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {name: " ".join(str(m) for e in errs for m in e.messages) for name, errs in error.error_dict.items()}
    return {"__all__": " ".join(error.messages)}


@dataclass
class ReportRow:
    """One row of a bulk filing (filing desk or spreadsheet)."""

    key: object
    project: Project
    completed_investment: object
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    justification: str = ""
    extra: dict = field(default_factory=dict)


@transaction.atomic
def monthly_reports_save_bulk(*, user: User, month: str, rows: list[ReportRow], status: str) -> list[MonthlyReport]:
    """Save or submit many projects' reports for a month at once: all rows or none. Raises
    BulkReportError with every row's problems; the transaction is rolled back."""
    histories = report_histories(
        project_ids=[row.project.pk for row in rows],
        month=month,
        exclude_ids=MonthlyReport.objects.filter(project__in=[r.project.pk for r in rows], month=month).values_list(
            "pk", flat=True
        ),
    )
    errors, saved = {}, []
    for row in rows:
        try:
            saved.append(
                monthly_report_save(
                    user=user,
                    project=row.project,
                    month=month,
                    completed_investment=row.completed_investment,
                    progress=row.progress,
                    problems=row.problems,
                    next_steps=row.next_steps,
                    justification=row.justification,
                    status=status,
                    history=histories.get(row.project.pk, ReportHistory()),
                )
            )
        except ValidationError as error:
            errors[row.key] = _messages(error)
    if errors:
        raise BulkReportError(errors)
    return saved


@transaction.atomic
def report_approve(*, report: MonthlyReport, user: User) -> MonthlyReport:
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Status.SUBMITTED:
        raise ValidationError({"status": _("Only submitted reports can be approved.")})
    report.status = Status.APPROVED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return report


@transaction.atomic
def reports_approve_bulk(*, reports, user: User) -> int:
    count = 0
    for report in reports:
        if report.status == Status.SUBMITTED:
            report_approve(report=report, user=user)
            count += 1
    return count


@transaction.atomic
def report_return(*, report: MonthlyReport, user: User, reason: str) -> MonthlyReport:
    """Send a submitted report back to its department with the reason shown on their desk."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if not (reason or "").strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the report.")})
    if report.status not in (Status.SUBMITTED, Status.APPROVED):
        raise ValidationError({"status": _("Only submitted or approved reports can be returned.")})
    report.status = Status.RETURNED
    report.return_reason = reason.strip()
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at", "updated_at"])
    return report


# --- Photos -------------------------------------------------------------------------------------

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = (320, 240)


@transaction.atomic
def report_photo_add(*, report: MonthlyReport, user: User, upload, caption: str = "") -> ReportPhoto:
    """Store a progress photo after checking its size and that Pillow reads it as JPEG, PNG
    or WebP (the file name and the browser's content type are not trusted); a thumbnail is made."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _("A photo may be at most 5 MB.")})
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({"image": _("The file is not a readable image.")}) from error
    if kind not in PHOTO_FORMATS:
        raise ValidationError({"image": _("Upload a JPEG, PNG or WebP image.")})
    extension = PHOTO_FORMATS[kind]
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    thumb = image.convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=82)
    photo = ReportPhoto(report=report, caption=caption[:200], uploaded_by=user)
    photo.image.save(f"{stamp}.{extension}", ContentFile(data), save=False)
    photo.thumbnail.save(f"{stamp}-thumb.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo
