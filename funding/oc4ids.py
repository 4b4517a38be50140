"""OC4IDS 0.9 project package export (Open Contracting for Infrastructure Data Standard).

`project_package(projects=...)` turns any (already scoped and filtered) queryset of projects
into a project package; `validate(package)` checks it against the schema copied into
`funding/oc4ids_schema/`. Money is stored in 万元 and published in yuan (x 10,000, CNY). Every
coded value comes from the mapping tables below, each of which holds only codes of the
standard's code lists (a test checks them against the CSVs), so no value falls outside a
closed code list.
"""

import csv
import datetime
import json
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from projects.choices import COUNTED_REPORT_STATUSES
from projects.models import Milestone, MonthlyReport

from .choices import AllocationKindChoices
from .models import Allocation, Disbursement

SCHEMA_DIR = Path(__file__).resolve().parent / "oc4ids_schema"
VERSION = "0.9"
CURRENCY = "CNY"
YUAN_PER_WAN = Decimal("10000")
OCID_PREFIX = getattr(settings, "PORTAL_OC4IDS_PREFIX", "oc4ids-xmb001")
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# --- Code mappings (values only from the OC4IDS code lists) --------------------------------------

STATUS = {
    "conceived": "identification",
    "reserve": "identification",
    "preliminary": "preparation",
    "construction": "implementation",
    "completed": "completion",
    "operational": "maintenance",
}

CATEGORY_SECTOR = {
    "traditional_industry": ["economy"],
    "emerging_industry": ["economy"],
    "services": ["economy"],
    "infrastructure": ["transport"],
    "livelihood": ["socialHousing"],
    "culture_tourism": ["cultureSportsAndRecreation"],
    "ecology": ["naturalResources"],
}
# A project's name refines the sector where the category is broad (first match wins).
NAME_SECTOR = (
    (("机场", "航站楼"), ["transport", "transport.air"]),
    (("码头", "港口", "航道"), ["transport", "transport.water"]),
    (("轨道", "地铁", "铁路", "高铁"), ["transport", "transport.rail"]),
    (("公路", "道路", "大桥", "桥梁", "快速路"), ["transport", "transport.road"]),
    (("枢纽", "交通"), ["transport"]),
    (("堤防", "防洪", "防汛"), ["naturalResources", "naturalResources.floodProtection"]),
    (("供水", "污水", "排水", "管网", "水厂"), ["waterAndWaste"]),
    (("光伏", "太阳能"), ["energy", "energy.solar"]),
    (("风电",), ["energy", "energy.wind"]),
    (("能源", "电力", "储能", "氢"), ["energy"]),
    (("医院", "医疗", "卫生", "健康"), ["health"]),
    (("学校", "教育", "大学", "学院"), ["education"]),
    (("通信", "5G", "数据中心", "算力"), ["communications"]),
    (("文化", "旅游", "体育", "街区"), ["cultureSportsAndRecreation"]),
)

NAME_TYPE = (
    (("改造", "加固", "修缮", "提升", "升级", "整治"), "rehabilitation"),
    (("扩建", "扩能", "二期", "三期"), "expansion"),
    (("更新", "替换"), "replacement"),
)

# Our milestone kinds -> (milestoneType, milestoneCode or None).
MILESTONE = {
    "approval": ("approval", "projectApproval"),
    "land": ("approval", None),
    "planning_permit": ("approval", None),
    "eia": ("assessment", None),
    "construction_permit": ("approval", None),
    "start": ("delivery", "commencement"),
    "structure_complete": ("delivery", None),
    "completion": ("delivery", "completion"),
    "operation": ("delivery", "commissioning"),
    "custom": ("delivery", None),
}

# Allocation kinds -> Finance.type (financingArrangementType) where one fits, else none.
FINANCE_TYPE = {
    "central_budget": "grant",
    "treasury_bond": "bond",
    "special_bond": "bond",
    "policy_instrument": "hybrid",
    "policy_loan": "loan",
    "bank_credit": "loan",
    "private_capital": "shares.unlisted",
    "ppp": None,
    "reits": "shares.listed",
    "self_raised": None,
}
# Allocation kinds -> Finance.financingPartyType where one fits.
FINANCING_PARTY_TYPE = {
    "policy_loan": "institutional",
    "bank_credit": "institutional",
    "reits": "institutional",
    "private_capital": "commercial",
    "ppp": "commercial",
}


@cache
def codelist(name: str) -> frozenset:
    with open(SCHEMA_DIR / "codelists" / f"{name}.csv", encoding="utf-8") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))


# --- Helpers -------------------------------------------------------------------------------------


def _yuan(amount_wan) -> dict:
    value = (Decimal(amount_wan) * YUAN_PER_WAN).quantize(Decimal("0.01"))
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": CURRENCY}


def _datetime(day: datetime.date | None) -> str | None:
    """OC4IDS dates are date-times; ours are calendar days in the city's time zone."""
    if day is None:
        return None
    moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())
    return moment.isoformat()


def _month_period(month: str) -> dict:
    year, mon = int(month[:4]), int(month[5:7])
    start = datetime.date(year, mon, 1)
    end = (datetime.date(year + mon // 12, mon % 12 + 1, 1)) - datetime.timedelta(days=1)
    return {"startDate": _datetime(start), "endDate": _datetime(end)}


def _clean(data):
    """Drop None and empty values: the schema has minProperties/minItems/minLength everywhere."""
    if isinstance(data, dict):
        cleaned = {k: _clean(v) for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [c for c in (_clean(v) for v in data) if c not in (None, "", [], {})]
    return data


def project_id(project) -> str:
    return f"{OCID_PREFIX}-{project.code}"


def sector_for(project) -> list[str]:
    for words, sector in NAME_SECTOR:
        if any(word in project.name for word in words):
            return sector
    return CATEGORY_SECTOR.get(project.category, ["economy"])


def type_for(project) -> str:
    for words, code in NAME_TYPE:
        if any(word in project.name for word in words):
            return code
    return "construction"


def milestone_status(milestone, today: datetime.date) -> str:
    if milestone.actual_date:
        return "met"
    if milestone.planned_date and milestone.planned_date < today:
        return "notMet"
    return "scheduled"


# --- The package ---------------------------------------------------------------------------------


def prefetched(projects):
    return projects.select_related("district", "department").prefetch_related(
        Prefetch("allocations", queryset=Allocation.objects.order_by("received_on", "id")),
        Prefetch(
            "allocations__disbursements", queryset=Disbursement.objects.order_by("paid_on", "id"), to_attr="payments"
        ),
        Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id")),
        Prefetch(
            "monthly_reports",
            queryset=MonthlyReport.objects.filter(status__in=COUNTED_REPORT_STATUSES).order_by("month"),
            to_attr="counted_reports",
        ),
    )


def project_release(project, *, publisher: dict, today: datetime.date) -> dict:
    """One project in OC4IDS form (expects the prefetches of `prefetched`)."""
    parties = {}

    def party(key: str, name: str, roles: list[str]) -> dict:
        entry = parties.setdefault(key, {"id": key, "name": name, "roles": []})
        for role in roles:
            if role not in entry["roles"]:
                entry["roles"].append(role)
        return {"id": key, "name": name}

    office = party(publisher["id"], publisher["name"], ["administrativeEntity"])
    authority = party(f"department-{project.department.code}", project.department.name, ["publicAuthority"])
    owner = party(f"owner-{project.code}", project.owner, ["buyer"]) if project.owner else None

    allocations = list(project.allocations.all())
    by_kind = defaultdict(Decimal)
    for allocation in allocations:
        by_kind[allocation.kind] += allocation.amount
    labels = dict(AllocationKindChoices.choices)
    breakdown = [
        {"id": kind, "description": str(labels[kind]), "amount": _yuan(amount)}
        for kind, amount in sorted(by_kind.items(), key=lambda item: list(labels).index(item[0]))
    ]
    finance = [
        {
            "id": f"allocation-{a.id}",
            "title": f"{labels[a.kind]} {a.document_no}".strip(),
            "description": a.purpose,
            "value": _yuan(a.amount),
            "type": FINANCE_TYPE[a.kind],
            "financingPartyType": FINANCING_PARTY_TYPE.get(a.kind),
            "source": str(labels[a.kind]),
            "period": {"startDate": _datetime(a.received_on)},
        }
        for a in allocations
    ]

    transactions = []
    for allocation in allocations:
        for payment in allocation.payments:
            transactions.append(
                {
                    "id": f"disbursement-{payment.id}",
                    "date": _datetime(payment.paid_on),
                    "value": _yuan(payment.amount),
                    "payer": office,
                    "payee": owner or authority,
                }
            )
    if transactions:
        party(office["id"], office["name"], ["payer"])
        payee = owner or authority
        party(payee["id"], payee["name"], ["payee"])

    milestones = []
    for milestone in project.milestones.all():
        kind_type, code = MILESTONE.get(milestone.kind, ("delivery", None))
        milestones.append(
            {
                "id": f"milestone-{milestone.id}",
                "title": milestone.name or str(milestone.get_kind_display()),
                "type": kind_type,
                "code": code,
                "dueDate": _datetime(milestone.planned_date),
                "dateMet": _datetime(milestone.actual_date),
                "status": milestone_status(milestone, today),
            }
        )

    observations = []
    cumulative = Decimal("0")
    for report in project.counted_reports:
        cumulative += report.completed_investment
        observation = {
            "id": report.month,
            "period": _month_period(report.month),
            "value": _yuan(report.completed_investment),
            "notes": "当月完成投资(已报送月报)",
        }
        if project.total_investment:
            share = cumulative / project.total_investment * 100
            observation["measure"] = float(share.quantize(Decimal("0.01")))
            observation["unit"] = {"name": "累计完成占总投资百分比"}
        observations.append(observation)
    metrics = [{"id": "financialProgress", "title": "月度完成投资", "observations": observations}]

    location = {"id": "1", "address": {"streetAddress": project.address, "locality": project.district.name}}
    if project.latitude is not None and project.longitude is not None:
        location["geometry"] = {"type": "Point", "coordinates": [float(project.longitude), float(project.latitude)]}

    release = {
        "id": project_id(project),
        "updated": project.updated_at.isoformat() if project.updated_at else None,
        "language": "zh",
        "identifiers": [{"id": project.code, "scheme": "CN-key-project-code"}],
        "title": project.name,
        "description": project.description,
        "status": STATUS[project.stage],
        "type": type_for(project),
        "sector": sector_for(project),
        "period": {"startDate": _datetime(project.planned_start), "endDate": _datetime(project.planned_end)},
        "budget": {
            "amount": _yuan(project.total_investment),
            "budgetBreakdowns": [{"id": "funding-source", "description": "按资金来源", "budgetBreakdown": breakdown}]
            if breakdown
            else None,
            "finance": finance,
        },
        "locations": [location],
        "publicAuthority": authority,
        "parties": list(parties.values()),
        "milestones": milestones,
        "transactions": transactions,
        "metrics": metrics if observations else None,
    }
    if project.actual_start or project.actual_end:
        release["implementationPeriod"] = {
            "startDate": _datetime(project.actual_start),
            "endDate": _datetime(project.actual_end),
        }
    return _clean(release)


def project_package(*, projects, base_url: str = "http://localhost/") -> dict:
    """The project package of `projects` (scoped and filtered by the caller)."""
    now = timezone.now()
    today = timezone.localdate()
    publisher = {"id": "publisher", "name": settings.PORTAL_ISSUING_OFFICE}
    # Published in the portal's own language whatever the reader's UI language.
    with translation.override(settings.LANGUAGE_CODE):
        releases = [
            project_release(project, publisher=publisher, today=today)
            for project in prefetched(projects.order_by("code"))
        ]
    return {
        "version": VERSION,
        "uri": base_url.rstrip("/") + "/api/v1/oc4ids/",
        "publishedDate": now.isoformat(),
        "publisher": {"name": settings.PORTAL_ISSUING_OFFICE},
        "license": LICENSE,
        "projects": releases,
    }


def dumps(package: dict) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2)


# --- Validation ----------------------------------------------------------------------------------


@cache
def _validator():
    import jsonschema
    from referencing import Registry, Resource

    package_schema = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text(encoding="utf-8"))
    project_schema = json.loads((SCHEMA_DIR / "project-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        [
            (package_schema["id"], Resource.from_contents(package_schema, default_specification=_draft4())),
            (project_schema["id"], Resource.from_contents(project_schema, default_specification=_draft4())),
        ]
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def _draft4():
    from referencing.jsonschema import DRAFT4

    return DRAFT4


def validation_errors(package: dict) -> list[str]:
    """Schema errors of `package` ('path: message'); empty when valid. Needs `jsonschema`."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in _validator().iter_errors(package)
    ]
