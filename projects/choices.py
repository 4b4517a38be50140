from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectLevelChoices(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial major project")
    CITY = "city", _("City key project")
    DISTRICT = "district", _("District project")


class ProjectCategoryChoices(models.TextChoices):
    TRADITIONAL_INDUSTRY = "traditional_industry", _("Industry: traditional")
    EMERGING_INDUSTRY = "emerging_industry", _("Industry: emerging")
    SERVICES = "services", _("Industry: services")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    LIVELIHOOD = "livelihood", _("Livelihood")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    ECOLOGY = "ecology", _("Ecology")


INDUSTRIAL_CATEGORIES = (
    ProjectCategoryChoices.TRADITIONAL_INDUSTRY,
    ProjectCategoryChoices.EMERGING_INDUSTRY,
    ProjectCategoryChoices.SERVICES,
)


class ProjectStageChoices(models.TextChoices):
    CONCEIVED = "conceived", _("Conceived")
    RESERVE = "reserve", _("Reserve")
    PRELIMINARY = "preliminary", _("Preliminary work")
    CONSTRUCTION = "construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    OPERATIONAL = "operational", _("In operation")


class ConstructionModelChoices(models.TextChoices):
    EPC = "epc", "EPC"
    PPP = "ppp", "PPP"
    DBB = "dbb", _("Design-bid-build")
    BOT = "bot", "BOT"
    SELF = "self", _("Self-built")
    OTHER = "other", _("Other")


class ResponsiblePartyRoleChoices(models.TextChoices):
    OWNER = "owner", _("Owner")
    DESIGN = "design", _("Design")
    SURVEY = "survey", _("Survey")
    CONSTRUCTION = "construction", _("Construction")
    SUPERVISION = "supervision", _("Supervision")


class AnnualPlanNatureChoices(models.TextChoices):
    NEW = "new", _("New start")
    CONTINUING = "continuing", _("Continuing")
    PRELIMINARY = "preliminary", _("Preliminary")
    RESERVE = "reserve", _("Reserve")


class MonthlyReportStatusChoices(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


# Only these statuses count in any figure (DESIGN.md section 3).
COUNTED_REPORT_STATUSES = (MonthlyReportStatusChoices.SUBMITTED, MonthlyReportStatusChoices.APPROVED)


class MilestoneKindChoices(models.TextChoices):
    APPROVAL = "approval", _("Approval")
    LAND = "land", _("Land")
    PLANNING_PERMIT = "planning_permit", _("Planning permit")
    EIA = "eia", _("Environmental impact assessment")
    CONSTRUCTION_PERMIT = "construction_permit", _("Construction permit")
    START = "start", _("Start of construction")
    STRUCTURE_COMPLETE = "structure_complete", _("Main structure complete")
    COMPLETION = "completion", _("Completion")
    OPERATION = "operation", _("Operation")
    CUSTOM = "custom", _("Custom")


class AnnualTargetMetricChoices(models.TextChoices):
    """The year's targets the office tracks on the dashboard (DESIGN.md, SEED-CITY.md)."""

    MAJOR_COMPLETION = "major_completion_pct", _("Provincial major projects' annual investment completion")
    KEY_COMPLETION = "key_completion_pct", _("Key projects' annual investment completion")
    RESERVE_INVESTMENT = "reserve_total_investment", _("Reserve pool total investment")
    PROVINCIAL_PACKAGED = "provincial_packaged", _("Provincial projects packaged")
    POLICY_LOANS = "policy_loans", _("Policy loans secured")
    IDLE_LAND = "idle_land_mu", _("Idle land revitalised")
    BENCHMARK_PROJECTS = "benchmark_projects", _("Benchmark projects")
    COMMISSIONERS = "commissioners_trained", _("Project commissioners trained")


class AnnualTargetUnitChoices(models.TextChoices):
    PERCENT = "pct", "%"
    YI = "yi", pgettext_lazy("unit", "100 million yuan")
    COUNT = "count", pgettext_lazy("unit", "projects")
    MU = "mu", pgettext_lazy("unit", "mu")
    PERSONS = "persons", pgettext_lazy("unit", "persons")
