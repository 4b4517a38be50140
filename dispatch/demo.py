"""Demo data of the dispatch app, called by `seed_demo` as `seed(*, rng, today)`.

`seed_support` builds the support work of the demo city: service levels, about 150 factor-
support cases across categories, levels and statuses (with their timelines), monthly city
coordination meetings, about 20 inspections with findings, and the green-channel dates. It
deletes what it made before building again, so a second run gives the same rows."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dispatch.choices import (
    NEXT_CASE_LEVEL,
    InspectionFollowUpChoices,
    SupportCaseActionChoices,
    SupportCaseLevelChoices,
    SupportCaseSourceChoices,
    SupportCaseStatusChoices,
)
from dispatch.models import (
    ApprovalBaseline,
    CoordinationMeeting,
    Inspection,
    InspectionFinding,
    InspectionPhoto,
    InspectionVisit,
    MeetingItem,
    Ranking,
    RankingLog,
    ServiceLevel,
    SupportCase,
    SupportCaseLogEntry,
)
from dispatch.services.alerts import alerts_compute
from dispatch.services.rankings import rankings_compute, rankings_publish
from dispatch.support_services import case_due_at, end_of_day, inspection_refresh_follow_up
from portfolio.choices import UserRoleChoices
from portfolio.models import Department, User
from portfolio.months import format_month, parse_month, previous_month, shift_month
from projects.choices import AnnualTargetMetricChoices
from projects.models import Milestone, Project
from projects.services_figures import annual_target_save

Action = SupportCaseActionChoices
Level = SupportCaseLevelChoices
Status = SupportCaseStatusChoices
Source = SupportCaseSourceChoices

DEMO_NOTE = "demo:support"
CASE_COUNT = 150
INSPECTION_COUNT = 20
LAND_TARGET_MU = Decimal("12000")
APPROVAL_BASELINE_DAYS = 193

# category: (working days, handling department code, weight, problem texts)
CATEGORIES = {
    "land": (
        10,
        "ZRJ",
        24,
        [
            "项目二期用地指标缺口约{mu}亩，需协调年度新增建设用地计划",
            "地块存在历史遗留权属争议，影响供地进度",
            "项目用地涉及林地占用，林地审批手续未完成",
            "“标准地+承诺制”出让条件待确认，企业希望拿地即开工",
            "闲置厂房用地盘活需办理规划调整和土地变更登记",
        ],
    ),
    "planning": (
        7,
        "ZRJ",
        9,
        [
            "建设工程规划许可证办理中，方案需调整容积率",
            "控制性详细规划调整尚未批复",
            "道路红线与既有管线冲突，需调整规划方案",
        ],
    ),
    "eia": (
        10,
        "STJ",
        10,
        [
            "环评报告书审批时限紧张，需提前介入指导",
            "项目排污总量指标不足，需区域内调剂",
            "施工期扬尘治理不达标，需限期整改",
        ],
    ),
    "energy": (
        10,
        "FGW",
        8,
        [
            "节能审查意见待出具，能耗指标需市级统筹",
            "用电负荷较大，配套变电站接入方案待批复",
        ],
    ),
    "approval": (
        5,
        "YSJ",
        14,
        [
            "施工许可证办理材料反复补正，需并联审批",
            "消防设计审查进度滞后",
            "立项备案信息变更需协调多部门",
            "可研报告批复等待时间较长",
        ],
    ),
    "financing": (
        10,
        "CZJ",
        12,
        [
            "专项债券资金到位滞后，影响工程款支付",
            "项目贷款审批进度慢，需银企对接",
            "政策性金融工具资金拨付需完善手续",
        ],
    ),
    "labour": (5, "GXJ", 5, ["技术工人短缺，需协调用工对接", "项目高峰期用工缺口约200人"]),
    "demolition": (
        15,
        "ZJJ",
        12,
        [
            "红线内尚有{n}户未完成征收补偿",
            "地上附着物清表进度滞后",
            "管线迁改需产权单位配合",
        ],
    ),
    "other": (5, "FGW", 6, ["水、电、气配套接入时间不确定", "周边道路施工影响项目物流通行"]),
}

RESOLUTIONS = {
    "land": "经协调调剂用地指标{mu}亩，已完成供地",
    "planning": "规划方案已调整并取得批复",
    "eia": "已完成环评批复/整改到位",
    "energy": "能耗指标已统筹解决，节能审查意见已出具",
    "approval": "已开辟绿色通道并联审批，证照已办结",
    "financing": "资金已拨付到位/贷款已获批",
    "labour": "已组织专场招聘会解决用工缺口",
    "demolition": "征收补偿协议全部签订，已完成清表",
    "other": "已协调相关单位解决",
}

FINDINGS = [
    ("施工现场安全防护不到位", "other"),
    ("形象进度与月报填报不一致", "other"),
    ("施工许可手续尚未办结即开工准备", "approval"),
    ("扬尘治理措施落实不到位", "eia"),
    ("征收清表工作滞后，影响施工作业面", "demolition"),
    ("项目用地红线内存在未拆迁建筑", "land"),
    ("工程款拨付滞后，施工单位人员减少", "financing"),
    ("现场施工人员不足，进度滞后", "labour"),
]

INSPECTORS = ["张伟", "李娜", "王磊", "刘洋", "陈静", "杨帆", "赵敏", "黄涛", "周琳", "吴昊"]


def seed(*, rng: random.Random, today: datetime.date) -> dict:
    counts = {}
    counts.update(seed_support(rng=rng, today=today))
    counts.update(seed_published_months(today=today))
    return counts


# Months before the last complete one whose alerts and rankings the demo office has published.
PUBLISHED_DEMO_MONTHS = 2


def seed_published_months(*, today: datetime.date) -> dict:
    """Alerts and published rankings of the months before the last complete one, so that a new
    user sees colour history, rank movement and the rankings other roles may read. The last
    complete month is left for `make demo` (or the office) to compute, unpublished."""
    Ranking.objects.all().delete()
    RankingLog.objects.all().delete()
    year, month = parse_month(previous_month(today))
    office = User.objects.filter(role=UserRoleChoices.OFFICE).order_by("pk").first()
    months = [format_month(*shift_month(year, month, -k)) for k in range(PUBLISHED_DEMO_MONTHS, 0, -1)]
    for key in months:
        alerts_compute(month=key)
        rankings_compute(month=key)
        rankings_publish(month=key, user=office)
    return {"published ranking months": len(months)}


def support_wipe() -> None:
    """Remove every row the support seed makes (the register wipe removes cases of deleted
    projects already; meetings and inspections stand on their own)."""
    MeetingItem.objects.all()._raw_delete(MeetingItem.objects.db)
    InspectionFinding.objects.all()._raw_delete(InspectionFinding.objects.db)
    InspectionPhoto.objects.all()._raw_delete(InspectionPhoto.objects.db)
    InspectionVisit.objects.all()._raw_delete(InspectionVisit.objects.db)
    Inspection.objects.all()._raw_delete(Inspection.objects.db)
    SupportCaseLogEntry.objects.all()._raw_delete(SupportCaseLogEntry.objects.db)
    SupportCase.objects.all()._raw_delete(SupportCase.objects.db)
    CoordinationMeeting.objects.all()._raw_delete(CoordinationMeeting.objects.db)
    for model in (SupportCase, Inspection, CoordinationMeeting):
        model.history.model.objects.all()._raw_delete(model.history.model.objects.db)
    Milestone.objects.filter(note=DEMO_NOTE).delete()


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class _CaseBuilder:
    """Simulates each case's life up to `now`: raised, taken, escalated when it ran past its
    due, resolved (mostly within the service level), sometimes closed."""

    def __init__(self, *, rng, now, departments):
        self.rng = rng
        self.now = now
        self.departments = departments
        self.cases = []
        self.logs = []  # (case index, LogEntry without case)

    def _log(self, index, action, at, from_level, to_level, from_status, to_status, note=""):
        self.logs.append(
            (
                index,
                SupportCaseLogEntry(
                    action=action,
                    at=at,
                    from_level=from_level,
                    to_level=to_level,
                    from_status=from_status,
                    to_status=to_status,
                    note=note,
                ),
            )
        )

    def build(self, *, project, category, raised_at, source, description=None) -> int:
        rng = self.rng
        days, dept_code, _weight, texts = CATEGORIES[category]
        handling = self.departments.get(dept_code) or project.department_id
        mu = Decimal(rng.choice([15, 30, 45, 60, 80, 120, 150, 200, 260, 320, 450, 600, 800, 1200]))
        text = description or rng.choice(texts).format(mu=mu, n=rng.randint(3, 40))
        level = Level.DEPARTMENT if source == Source.DEPARTMENT else Level.DISTRICT
        owner = project.department_id if level == Level.DISTRICT else handling
        due = case_due_at(start=raised_at, working_days=days)
        case = SupportCase(
            project=project,
            category=category,
            description=text,
            source=source,
            raised_at=raised_at,
            level=level,
            owner_department_id=owner,
            status=Status.OPEN,
            due_at=due,
            due_date=timezone.localdate(due),
            sla_due_at=due,
            land_mu=mu if category == "land" else None,
        )
        index = len(self.cases)
        self.cases.append(case)
        self._log(index, Action.RAISE, raised_at, "", level, "", Status.OPEN, text)
        # Taken up within a day or two.
        taken = raised_at + datetime.timedelta(hours=rng.randint(2, 40))
        if taken < self.now and rng.random() < 0.85:
            self._log(index, Action.TAKE, taken, level, level, Status.OPEN, Status.IN_PROGRESS, "已受理，正在协调")
            case.status = Status.IN_PROGRESS
        # How long it takes to solve: mostly inside the promise, some far beyond it.
        span = (due - raised_at).total_seconds() / 86400
        factor = rng.choice([0.3, 0.5, 0.6, 0.8, 0.9, 0.95, 1.4, 2.2, 3.5]) if rng.random() < 0.8 else 6
        resolve_at = raised_at + datetime.timedelta(days=span * factor, hours=rng.randint(0, 8))
        # Escalate at every due passed before the resolution (or now).
        horizon = min(resolve_at, self.now)
        leave_overdue = rng.random() < 0.5  # just past due, the job has not yet run: the inbox shows them red
        while case.due_at < horizon and case.level in NEXT_CASE_LEVEL:
            recent = self.now - case.due_at < datetime.timedelta(days=4)
            if resolve_at > self.now and leave_overdue and case.level == Level.DISTRICT and recent:
                break
            at = case.due_at + datetime.timedelta(minutes=rng.randint(1, 14))
            from_level, from_status = case.level, case.status
            case.level = NEXT_CASE_LEVEL[from_level]
            case.status = Status.ESCALATED
            case.owner_department_id = handling
            case.escalated_at = at
            case.due_at = case_due_at(start=at, working_days=days)
            case.due_date = timezone.localdate(case.due_at)
            self._log(index, Action.AUTO_ESCALATE, at, from_level, case.level, from_status, Status.ESCALATED,
                      "超过办理时限，自动升级")  # fmt: skip
            taken = at + datetime.timedelta(hours=rng.randint(2, 30))
            if taken < horizon and rng.random() < 0.7:
                self._log(index, Action.TAKE, taken, case.level, case.level, Status.ESCALATED, Status.IN_PROGRESS)
                case.status = Status.IN_PROGRESS
        if resolve_at < self.now:
            from_status = case.status
            case.status = Status.RESOLVED
            case.resolution = RESOLUTIONS[category].format(mu=case.land_mu)
            case.resolved_at = resolve_at
            case.resolved_on = timezone.localdate(resolve_at)
            self._log(index, Action.RESOLVE, resolve_at, case.level, case.level, from_status, Status.RESOLVED,
                      case.resolution)  # fmt: skip
            closed_at = resolve_at + datetime.timedelta(days=rng.randint(1, 6))
            if closed_at < self.now and rng.random() < 0.6:
                case.status = Status.CLOSED
                self._log(index, Action.CLOSE, closed_at, case.level, case.level, Status.RESOLVED, Status.CLOSED,
                          "问题已解决，确认办结")  # fmt: skip
        return index

    def save(self):
        SupportCase.objects.bulk_create(self.cases)
        entries = []
        for index, entry in self.logs:
            entry.case_id = self.cases[index].pk
            entries.append(entry)
        SupportCaseLogEntry.objects.bulk_create(entries)


def _weighted_category(rng):
    names = list(CATEGORIES)
    return rng.choices(names, weights=[CATEGORIES[n][2] for n in names])[0]


@transaction.atomic
def seed_support(*, rng: random.Random, today: datetime.date) -> dict:
    support_wipe()
    now = _aware(today, 16)
    departments = dict(Department.objects.values_list("code", "pk"))

    # Service levels, the green-channel baseline and the land target: the office's settings.
    for category, (days, dept_code, _w, _t) in CATEGORIES.items():
        ServiceLevel.objects.update_or_create(
            category=category, defaults={"working_days": days, "department_id": departments.get(dept_code)}
        )
    ApprovalBaseline.objects.update_or_create(
        pk=1, defaults={"days": APPROVAL_BASELINE_DAYS, "note": "常规审批流程平均用时（立项至开工）"}
    )
    annual_target_save(year=today.year, metric=AnnualTargetMetricChoices.IDLE_LAND, target_value=LAND_TARGET_MU)

    projects = list(
        Project.objects.filter(stage__in=["preliminary", "construction"]).select_related("district").order_by("code")
    )
    if not projects:
        return {"support cases": 0}
    top = [p for p in projects if p.is_top100] or projects
    builder = _CaseBuilder(rng=rng, now=now, departments=departments)
    year_start = datetime.date(today.year, 1, 5)
    span_days = max((today - year_start).days, 30)

    for _ in range(CASE_COUNT):
        project = rng.choice(top) if rng.random() < 0.5 else rng.choice(projects)
        # Most cases this year, a few carried over from last year; recent months busier.
        back = int(span_days * rng.random() ** 1.6) if rng.random() < 0.92 else rng.randint(span_days, span_days + 120)
        day = today - datetime.timedelta(days=back)
        raised_at = _aware(day, rng.choice([9, 10, 11, 14, 15, 16]), rng.choice([0, 15, 30, 45]))
        source = rng.choices([Source.DISTRICT, Source.DEPARTMENT, Source.OFFICE], weights=[55, 35, 10])[0]
        builder.build(project=project, category=_weighted_category(rng), raised_at=raised_at, source=source)

    # --- Inspections: about two a month, 3-6 sites each, findings that open cases ------------
    inspections, visits, findings = [], [], []  # findings: (visit index, text, category, case index)
    for n in range(INSPECTION_COUNT):
        day = today - datetime.timedelta(days=int(15 + n * span_days / INSPECTION_COUNT * 0.95))
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        month = day.month
        inspections.append(
            Inspection(
                date=day,
                title=f"{month}月重点项目督导检查（第{n % 2 + 1}组）",
                inspectors="、".join(rng.sample(INSPECTORS, 3)),
                summary="按月开展重点项目现场督导，查看形象进度、核实月报数据、梳理要素保障问题。",
            )
        )
        for project in rng.sample(projects, min(len(projects), rng.randint(3, 6))):
            rating = rng.choices(["good", "fair", "poor"], weights=[50, 35, 15])[0]
            visits.append(
                (
                    n,
                    InspectionVisit(
                        project=project,
                        rating=rating,
                        score={"good": rng.randint(85, 98), "fair": rng.randint(70, 84), "poor": rng.randint(50, 69)}[
                            rating
                        ],
                        comment={
                            "good": "现场组织有序，进度符合计划",
                            "fair": "进度基本正常，部分环节需加快",
                            "poor": "进度明显滞后，需重点督办",
                        }[rating],  # fmt: skip
                    ),
                )
            )
            for text, category in rng.sample(FINDINGS, {"good": 0, "fair": 1, "poor": 2}[rating]):
                case_index = None
                if category != "other" and rng.random() < 0.5:
                    case_index = builder.build(
                        project=project,
                        category=category,
                        raised_at=_aware(day + datetime.timedelta(days=1), 10),
                        source=Source.INSPECTION,
                        description=f"督导检查发现：{text}",
                    )
                findings.append((len(visits) - 1, text, category, case_index))

    builder.save()
    Inspection.objects.bulk_create(inspections)
    for n, visit in visits:
        visit.inspection = inspections[n]
    InspectionVisit.objects.bulk_create([v for _n, v in visits])
    finding_rows = []
    for visit_index, text, category, case_index in findings:
        visit = visits[visit_index][1]
        case = builder.cases[case_index] if case_index is not None else None
        if case is not None:
            follow = InspectionFollowUpChoices.CLOSED if case.is_settled else InspectionFollowUpChoices.IN_PROGRESS
        else:
            old = (today - visit.inspection.date).days > 45
            follow = InspectionFollowUpChoices.CLOSED if old else InspectionFollowUpChoices.OPEN
        finding_rows.append(InspectionFinding(visit=visit, description=text, category=category, follow_up=follow,
                                              case=case))  # fmt: skip
    InspectionFinding.objects.bulk_create(finding_rows)
    for inspection in inspections:
        inspection_refresh_follow_up(inspection_id=inspection.pk)

    # --- Coordination meetings: monthly, deciding the city-level cases -----------------------
    meetings = _seed_meetings(rng=rng, today=today, departments=departments)

    milestones = _seed_green_channel(rng=rng)
    return {
        "support cases": len(builder.cases),
        "support case log entries": len(builder.logs),
        "coordination meetings": meetings,
        "inspections": len(inspections),
        "green-channel milestones": milestones,
    }


def _seed_meetings(*, rng, today, departments) -> int:
    """Three past monthly meetings that decided the city-level cases then on the table, and
    the next one with an agenda still to decide."""
    dates = []
    for back in (3, 2, 1):
        year, month = today.year, today.month - back
        while month < 1:
            year, month = year - 1, month + 12
        dates.append(datetime.date(year, month, 20))
    dates.append(today + datetime.timedelta(days=3))
    decided_cases = set()
    made = 0
    for day in dates:
        upcoming = day > today
        meeting = CoordinationMeeting.objects.create(
            date=day,
            title=f"{day.year}年{day.month}月市级重点项目协调会商",
            level=Level.CITY,
            chair="刘志远（常务副市长）",
            location="市政府第一会议室",
            minutes=""
            if upcoming
            else "会议听取了市级协调事项办理情况汇报，逐项研究了提交会商的要素保障问题，明确了责任单位和办结时限。",
        )
        made += 1
        cutoff = _aware(day, 9)
        candidates = (
            SupportCase.objects.filter(level=Level.CITY, escalated_at__lt=cutoff)
            .exclude(pk__in=decided_cases)
            .exclude(resolved_at__lt=cutoff)
            .order_by("escalated_at")[:12]
        )
        items = []
        for order, case in enumerate(candidates, start=1):
            item = MeetingItem(meeting=meeting, case=case, order=order)
            if not upcoming:
                dept_code = CATEGORIES[case.category][1]
                item.decision = f"由{dict(CATEGORY_DECISIONS).get(case.category, '相关部门')}牵头，限期协调解决"
                item.assignee_id = departments.get(dept_code) or case.owner_department_id
                item.deadline = day + datetime.timedelta(days=rng.choice([10, 15, 20, 30]))
                item.applied_at = _aware(day, 17)
                decided_cases.add(case.pk)
                if not case.is_settled:
                    deadline = end_of_day(item.deadline)
                    SupportCase.objects.filter(pk=case.pk).update(
                        owner_department_id=item.assignee_id,
                        status=Status.IN_PROGRESS,
                        due_at=deadline,
                        due_date=item.deadline,
                        meeting=meeting,
                    )
                    SupportCaseLogEntry.objects.create(
                        case=case,
                        action=Action.REASSIGN,
                        at=item.applied_at,
                        from_level=case.level,
                        to_level=case.level,
                        from_status=case.status,
                        to_status=Status.IN_PROGRESS,
                        note=f"{meeting.title}决定：{item.decision}",
                    )
                else:
                    SupportCase.objects.filter(pk=case.pk).update(meeting=meeting)
            else:
                SupportCase.objects.filter(pk=case.pk).update(meeting=meeting)
            items.append(item)
        MeetingItem.objects.bulk_create(items)
    return made


CATEGORY_DECISIONS = [
    ("land", "市自然资源局"),
    ("planning", "市自然资源局"),
    ("eia", "市生态环境局"),
    ("energy", "市发展和改革委员会"),
    ("approval", "市营商环境建设局"),
    ("financing", "市财政局"),
    ("labour", "市工业和信息化局"),
    ("demolition", "市住房和城乡建设局"),
    ("other", "市发展和改革委员会"),
]


def _seed_green_channel(*, rng) -> int:
    """Approval and start dates for the green channel where the register has none: started
    projects get an approval date some 45-300 days before their start, and the 金普新区 semiconductor
    project its 58 days."""
    made = 0
    started = list(
        Project.objects.filter(actual_start__isnull=False)
        .exclude(milestones__kind="approval", milestones__actual_date__isnull=False)
        .order_by("code")[:120]
    )
    rows = []
    for project in started:
        days = max(45, int(rng.gauss(150, 55)))
        approved = project.actual_start - datetime.timedelta(days=days)
        rows.append(
            Milestone(project=project, kind="approval", planned_date=approved, actual_date=approved, note=DEMO_NOTE)
        )
    Milestone.objects.bulk_create(rows)
    made += len(rows)
    semiconductor = Project.objects.filter(name__contains="半导体", district__name="金普新区").order_by("code").first()
    if semiconductor is not None:
        start = (
            semiconductor.milestones.filter(kind="start", actual_date__isnull=False)
            .values_list("actual_date", flat=True)
            .first()
            or semiconductor.actual_start
        )
        if start is None:
            start = semiconductor.planned_start or timezone.localdate()
            Milestone.objects.create(
                project=semiconductor, kind="start", planned_date=start, actual_date=start, note=DEMO_NOTE
            )
            made += 1
        approved = start - datetime.timedelta(days=58)
        updated = semiconductor.milestones.filter(kind="approval").update(actual_date=approved, planned_date=approved)
        if not updated:
            Milestone.objects.create(
                project=semiconductor, kind="approval", planned_date=approved, actual_date=approved, note=DEMO_NOTE
            )
            made += 1
    return made
