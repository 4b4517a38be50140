"""Demo funding for the seed city (SEED-CITY.md): the year's money secured from higher levels
(central budget 27亿, ultra-long treasury bonds 44.6亿 of which 12亿 for the river embankment,
special bonds 167亿: 238.6亿 in all, +34.3% on last year), payments at about 92.6% with a few
allocations held past 90 days, bond-loan combinations drawing in over 300亿 of private capital,
12 bank-enterprise matchmaking events granting 277.6亿 of credit to 105 projects, and fund
applications of reserve projects.

`seed(rng=..., today=...)` is called by the `seed_demo` command. It is idempotent: it deletes
the funding rows it owns (every row of this app's tables: the demo database's funding is all
demo) and rebuilds them deterministically from `rng`. Amounts are 万元.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from projects.models import Project

from . import selectors
from .choices import AllocationKindChoices as K
from .choices import FundApplicationStatusChoices as S
from .models import Allocation, BondLoanCombination, CreditLine, Disbursement, FundApplication, MatchmakingEvent

YI = Decimal("10000")  # 1 亿元 in 万元
CENT = Decimal("0.01")

# This year's totals (亿元) and last year's, from the growth the report gives.
THIS_YEAR = {K.CENTRAL_BUDGET: Decimal("27"), K.TREASURY_BOND: Decimal("44.6"), K.SPECIAL_BOND: Decimal("167")}
LAST_YEAR = {K.CENTRAL_BUDGET: Decimal("12.30"), K.TREASURY_BOND: Decimal("27.91"), K.SPECIAL_BOND: Decimal("137.45")}
OTHER_SOURCES = {  # 亿元 this year, raised beside the higher-level money
    K.POLICY_INSTRUMENT: Decimal("18.5"),
    K.POLICY_LOAN: Decimal("32"),
    K.BANK_CREDIT: Decimal("41"),
    K.PPP: Decimal("12"),
    K.REITS: Decimal("8"),
    K.SELF_RAISED: Decimal("55"),
}
PRIVATE_CAPITAL_TOTAL = Decimal("305")
CREDIT_TOTAL = Decimal("277.6")
CREDIT_PROJECTS = 105
EVENT_COUNT = 12
TARGET_RATE = Decimal("0.926")
HELD_COUNT = 4

BANKS = [
    "国家开发银行",
    "中国农业发展银行",
    "中国进出口银行",
    "中国工商银行",
    "中国建设银行",
    "中国农业银行",
    "中国银行",
    "交通银行",
    "招商银行",
    "兴业银行",
    "浦发银行",
    "盛京银行",
]
PLACES = ["市民中心", "金普新区管委会", "长兴岛经济区会议中心", "市发改委会议室", "国际会议中心", "英歌石科学城"]
PROGRAMMES = [
    ("中央预算内投资", K.CENTRAL_BUDGET),
    ("超长期特别国债", K.TREASURY_BOND),
    ("地方政府专项债券", K.SPECIAL_BOND),
    ("新型政策性金融工具", K.POLICY_INSTRUMENT),
]


def _q(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split(total: Decimal, n: int, rng, spread: float = 0.6) -> list[Decimal]:
    """`total` in `n` unequal parts (two decimals) that add up exactly."""
    if n <= 0:
        return []
    weights = [1 - spread / 2 + rng.random() * spread for _ in range(n)]
    scale = sum(weights)
    parts = [_q(total * Decimal(w / scale)) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _day(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _named(projects, words, fallback):
    for project in projects:
        if any(word in project.name for word in words):
            return project
    return fallback


def clear() -> None:
    FundApplication.objects.all().delete()
    BondLoanCombination.objects.all().delete()
    CreditLine.objects.all().delete()
    MatchmakingEvent.objects.all().delete()
    Disbursement.objects.all().delete()
    Allocation.objects.all().delete()


@transaction.atomic
def seed(*, rng, today: datetime.date) -> dict:
    """Rebuild the demo funding. Returns counts of what it made."""
    clear()
    projects = list(Project.objects.order_by("code").only("id", "code", "name", "category", "stage"))
    if not projects:
        return {"allocations": 0}
    year = today.year
    building = [
        p for p in projects if p.stage in ("preliminary", "construction", "completed", "operational")
    ] or projects
    livelihood = [p for p in building if p.category == "livelihood"] or building
    infrastructure = [p for p in building if p.category in ("infrastructure", "ecology")] or building
    industrial = [p for p in building if p.category.endswith("industry") or p.category == "services"] or building
    reserve = [p for p in projects if p.stage in ("reserve", "conceived")] or projects

    embankment = _named(projects, ("浑河堤防",), infrastructure[0])
    hub = _named(projects, ("辽东湾综合交通枢纽",), infrastructure[min(1, len(infrastructure) - 1)])
    metro = _named(projects, ("轨道交通5号线",), infrastructure[-1])

    allocations: list[Allocation] = []
    serial = {"n": 0}

    def add(project, kind, y, amount_wan, received_on, purpose="", batch=""):
        serial["n"] += 1
        prefix = {"central_budget": "发改投资", "treasury_bond": "发改投资", "special_bond": "财预"}.get(kind, "融资")
        allocations.append(
            Allocation(
                project=project,
                kind=kind,
                year=y,
                document_no=f"{prefix}〔{y}〕{serial['n']}号",
                batch=batch,
                amount=_q(amount_wan),
                received_on=received_on,
                purpose=purpose,
            )
        )
        return allocations[-1]

    year_start = datetime.date(year, 1, 10)
    # Last year's money arrived by the same day a year ago, so the dashboard's same-period
    # growth shows the report's +34.3%.
    last_start = datetime.date(year - 1, 1, 10)
    last_end = max(last_start, selectors.same_day_last_year(today))

    # --- Central budget: 58 livelihood projects ------------------------------------------------
    picks = rng.sample(livelihood, min(58, len(livelihood)))
    for project, amount in zip(picks, split(THIS_YEAR[K.CENTRAL_BUDGET] * YI, len(picks), rng), strict=True):
        add(
            project,
            K.CENTRAL_BUDGET,
            year,
            amount,
            _day(rng, year_start, today),
            "老旧小区改造、公共卫生",
            f"{year}年第一批",
        )
    for project, amount in zip(
        rng.sample(livelihood, min(30, len(livelihood))),
        split(LAST_YEAR[K.CENTRAL_BUDGET] * YI, min(30, len(livelihood)), rng),
        strict=True,
    ):
        add(project, K.CENTRAL_BUDGET, year - 1, amount, _day(rng, last_start, last_end))

    # --- Treasury bonds: 12亿 for the embankment, the rest to flood control and farmland -------
    add(embankment, K.TREASURY_BOND, year, 12 * YI, _day(rng, year_start, today), "防洪堤防加固")
    others = [p for p in infrastructure if p.pk != embankment.pk] or infrastructure
    picks = rng.sample(others, min(20, len(others)))
    for project, amount in zip(picks, split((THIS_YEAR[K.TREASURY_BOND] - 12) * YI, len(picks), rng), strict=True):
        add(project, K.TREASURY_BOND, year, amount, _day(rng, year_start, today), "防洪排涝、高标准农田")
    picks = rng.sample(others, min(12, len(others)))
    for project, amount in zip(picks, split(LAST_YEAR[K.TREASURY_BOND] * YI, len(picks), rng), strict=True):
        add(project, K.TREASURY_BOND, year - 1, amount, _day(rng, last_start, last_end))

    # --- Special bonds: 167亿, 30亿 of it for the transport hub --------------------------------
    hub_bond = add(hub, K.SPECIAL_BOND, year, 30 * YI, _day(rng, year_start, today), "债贷组合:综合交通枢纽")
    pool = [p for p in building if p.pk != hub.pk] or building
    picks = rng.sample(pool, min(80, len(pool)))
    special = list(zip(picks, split((THIS_YEAR[K.SPECIAL_BOND] - 30) * YI, len(picks), rng), strict=True))
    for project, amount in special:
        add(project, K.SPECIAL_BOND, year, amount, _day(rng, year_start, today), "专项债券项目")
    picks = rng.sample(pool, min(60, len(pool)))
    for project, amount in zip(picks, split(LAST_YEAR[K.SPECIAL_BOND] * YI, len(picks), rng), strict=True):
        add(project, K.SPECIAL_BOND, year - 1, amount, _day(rng, last_start, last_end))

    # --- Other sources --------------------------------------------------------------------------
    for kind, total in OTHER_SOURCES.items():
        picks = rng.sample(industrial + infrastructure, min(15, len(industrial + infrastructure)))
        for project, amount in zip(picks, split(total * YI, len(picks), rng), strict=True):
            add(project, kind, year, amount, _day(rng, year_start, today))

    # --- Loans and private capital leveraged by bonds (债贷组合) --------------------------------
    combos = []
    hub_loan = add(hub, K.POLICY_LOAN, year, 45 * YI, _day(rng, hub_bond.received_on, today), "债贷组合配套贷款")
    hub_private = add(hub, K.PRIVATE_CAPITAL, year, 110 * YI, _day(rng, hub_bond.received_on, today), "社会资本")
    combos += [(hub_bond, hub_loan, hub_loan.amount), (hub_bond, hub_private, hub_private.amount)]
    bond_allocations = [a for a in allocations if a.kind == K.SPECIAL_BOND and a.year == year and a is not hub_bond]
    chosen = sorted(bond_allocations, key=lambda a: a.amount, reverse=True)[:8]
    for bond, private_amount in zip(chosen, split((PRIVATE_CAPITAL_TOTAL - 110) * YI, len(chosen), rng), strict=True):
        private = add(bond.project, K.PRIVATE_CAPITAL, year, private_amount, _day(rng, bond.received_on, today))
        loan = add(
            bond.project, K.BANK_CREDIT, year, _q(bond.amount * Decimal("0.8")), _day(rng, bond.received_on, today)
        )
        combos += [(bond, private, private.amount), (bond, loan, loan.amount)]

    Allocation.objects.bulk_create(allocations)

    # --- Payments --------------------------------------------------------------------------------
    watched = [a for a in allocations if a.kind in (K.CENTRAL_BUDGET, K.TREASURY_BOND, K.SPECIAL_BOND)]
    cutoff = today - datetime.timedelta(days=90)
    current = [a for a in watched if a.year == year]
    old = [a for a in current if a.received_on < cutoff]
    recent = [a for a in current if a.received_on >= cutoff]
    held = {id(a) for a in rng.sample(old, min(HELD_COUNT, len(old)))}
    rates = {}
    for a in old:
        rates[id(a)] = (
            Decimal(str(round(rng.uniform(0.35, 0.7), 3)))
            if id(a) in held
            else Decimal(str(round(rng.uniform(0.95, 1.0), 3)))
        )
    # Recent money is paid in proportion to how long it has been in hand, at the pace that
    # brings the year to the target rate; a little noise so that no two look alike.
    total = sum((a.amount for a in current), Decimal("0"))
    paid_old = sum((a.amount * rates[id(a)] for a in old), Decimal("0"))
    needed = TARGET_RATE * total - paid_old
    pace = {
        id(a): Decimal(min(1.0, ((today - a.received_on).days + 10) / 90 * rng.uniform(0.85, 1.15))) for a in recent
    }

    def recent_paid(base: Decimal) -> Decimal:
        return sum((a.amount * min(Decimal("1"), base * pace[id(a)]) for a in recent), Decimal("0"))

    low, high = Decimal("0"), Decimal("5")
    for _ in range(40):  # bisection on the pace multiplier
        middle = (low + high) / 2
        low, high = (middle, high) if recent_paid(middle) < needed else (low, middle)
    for a in recent:
        rates[id(a)] = min(Decimal("1"), low * pace[id(a)])
    for a in watched:
        if a.year == year - 1:
            rates[id(a)] = Decimal("1")
    for a in allocations:
        if a.kind not in (K.CENTRAL_BUDGET, K.TREASURY_BOND, K.SPECIAL_BOND):
            rates.setdefault(id(a), Decimal(str(round(rng.uniform(0.5, 1.0), 3))))

    payments = []
    for a in allocations:
        paid = _q(a.amount * rates[id(a)])
        if paid <= 0:
            continue
        end = min(today, a.received_on + datetime.timedelta(days=85 if id(a) not in held else 200))
        parts = split(paid, rng.randint(1, 3), rng)
        days = sorted(_day(rng, a.received_on + datetime.timedelta(days=3), end) for _ in parts)
        for amount, day in zip(parts, days, strict=True):
            if amount > 0:
                payments.append(Disbursement(allocation=a, amount=amount, paid_on=min(day, today), note=""))
    Disbursement.objects.bulk_create(payments)

    BondLoanCombination.objects.bulk_create(
        [BondLoanCombination(bond=b, leveraged=l_, amount=amount) for b, l_, amount in combos]
    )

    # --- Matchmaking events and credit ----------------------------------------------------------
    event_days = sorted(_day(rng, datetime.date(year, 1, 15), today) for _ in range(EVENT_COUNT))
    events = MatchmakingEvent.objects.bulk_create(
        [
            MatchmakingEvent(
                name=f"{year}年第{i}场银企对接会" if i % 3 else f"{year}年重点项目银企对接会({i})",
                date=day,
                place=rng.choice(PLACES),
            )
            for i, day in enumerate(event_days, start=1)
        ]
    )
    credit_candidates = [p for p in building if p.pk != metro.pk]
    credit_projects = [metro] + rng.sample(credit_candidates, min(CREDIT_PROJECTS - 1, len(credit_candidates)))
    lines = []
    amounts = split(CREDIT_TOTAL * YI, len(credit_projects), rng, spread=1.2)
    for index, (project, amount) in enumerate(zip(credit_projects, amounts, strict=True)):
        event = events[index % len(events)] if index % 17 else None
        banks = rng.sample(BANKS, 2 if index % 4 == 0 else 1)
        for bank, part in zip(banks, split(amount, len(banks), rng), strict=True):
            lines.append(
                CreditLine(
                    bank=bank,
                    project=project,
                    amount=part,
                    event=event,
                    granted_on=event.date if event else _day(rng, year_start, today),
                )
            )
    CreditLine.objects.bulk_create(lines)

    # --- Applications of reserve projects -------------------------------------------------------
    applications = []
    statuses = [S.DRAFTING] * 12 + [S.SUBMITTED] * 16 + [S.REJECTED] * 4
    rng.shuffle(statuses)
    for project, status in zip(rng.sample(reserve, min(len(statuses), len(reserve))), statuses, strict=False):
        programme, kind = rng.choice(PROGRAMMES)
        applications.append(
            FundApplication(
                project=project,
                programme=programme,
                kind=kind,
                amount_requested=_q(rng.randint(500, 30000)),
                status=status,
                submitted_on=None if status == S.DRAFTING else _day(rng, year_start, today),
            )
        )
    # Approved applications are the central-budget money that arrived: each links its allocation.
    for allocation in [a for a in allocations if a.kind == K.CENTRAL_BUDGET and a.year == year][:10]:
        applications.append(
            FundApplication(
                project=allocation.project,
                programme="中央预算内投资",
                kind=K.CENTRAL_BUDGET,
                amount_requested=_q(allocation.amount * Decimal("1.2")),
                status=S.APPROVED,
                submitted_on=allocation.received_on - datetime.timedelta(days=60),
                allocation=allocation,
            )
        )
    FundApplication.objects.bulk_create(applications)
    return {
        "allocations": len(allocations),
        "disbursements": len(payments),
        "combinations": len(combos),
        "events": len(events),
        "credit_lines": len(lines),
        "applications": len(applications),
    }
