"""The demo city's register (SEED-CITY.md): industry chains, projects with their leaders, annual
plans for three years, monthly reports up to the last complete month, milestones and the city's
fixed-asset investment. Everything is built in memory from one random generator and written with
`bulk_create`, so the same seed gives the same city and 20,000 projects load in seconds."""

import datetime
import functools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import DecimalField, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portfolio.demo import DemoOrganisation
from portfolio.months import format_month, shift_month

from .choices import (
    COUNTED_REPORT_STATUSES,
    AnnualPlanNatureChoices,
    ConstructionModelChoices,
    MilestoneKindChoices,
    MonthlyReportStatusChoices,
    ProjectCategoryChoices,
    ProjectLevelChoices,
    ProjectStageChoices,
    ResponsiblePartyRoleChoices,
)
from .models import (
    MONTH_PLAN_FIELDS,
    AnnualPlan,
    CityStatistic,
    IndustryChain,
    LeaderAssignment,
    Milestone,
    MonthlyReport,
    Project,
    ResponsibleParty,
)

Nature = AnnualPlanNatureChoices
Cat = ProjectCategoryChoices
Stage = ProjectStageChoices
Status = MonthlyReportStatusChoices
Kind = MilestoneKindChoices

BATCH = 2000
CENT = Decimal("0.01")
TZ = ZoneInfo(settings.TIME_ZONE)

INDUSTRY_CHAINS = [
    ("integrated_circuit", "集成电路"),
    ("biomedicine", "生物医药"),
    ("medical_devices", "高端医疗器械"),
    ("petrochemical", "绿色石化"),
    ("new_materials", "新材料"),
    ("hydrogen", "氢能"),
    ("energy_storage", "储能与新能源"),
    ("machine_tools", "数控机床与工业母机"),
    ("heavy_equipment", "重型装备"),
    ("shipbuilding", "船舶与海洋工程装备"),
    ("auto_parts", "汽车及零部件"),
    ("software", "软件和信息技术服务"),
    ("artificial_intelligence", "人工智能"),
    ("port_logistics", "港航物流"),
    ("green_food", "绿色食品"),
]

# --- The named projects of the year report -----------------------------------------------------


@dataclass(frozen=True)
class Named:
    name: str
    category: str
    chain: str | None
    district: str
    department: str
    total: int  # 万元
    start: datetime.date
    end: datetime.date
    owner: str
    description: str
    finished: datetime.date | None = None
    benchmark: bool = False
    model: str = ConstructionModelChoices.EPC
    approval_days_before_start: int | None = None


D = datetime.date
NAMED_PROJECTS = [
    Named(
        "东关街历史文化街区改造",
        Cat.CULTURE_TOURISM,
        None,
        "ZS",
        "WLJ",
        186000,
        D(2024, 4, 10),
        D(2026, 6, 30),
        "中山区城市更新建设有限公司",
        "对东关街历史文化街区约30公顷范围内的历史建筑进行保护修缮，完善街区市政设施和公共空间，引入文创、"
        "餐饮和精品民宿业态。开街首月接待游客50万人次，周边商户营业收入增长220%。",
        finished=D(2026, 6, 28),
        benchmark=True,
    ),
    Named(
        "英歌石科学城",
        Cat.EMERGING_INDUSTRY,
        "artificial_intelligence",
        "GXQ",
        "KJJ",
        1500000,
        D(2023, 5, 18),
        D(2028, 12, 31),
        "大连英歌石科学城建设发展有限公司",
        "建设12个科研院所（含计算技术研究所）、人工智能芯片研发中心和生物医药中试基地，配套人才公寓和学术交流中心，"
        "建成后年研发投入超过30亿元。",
        benchmark=True,
    ),
    Named(
        "恒力聚酯园",
        Cat.TRADITIONAL_INDUSTRY,
        "petrochemical",
        "CXD",
        "GXJ",
        2600000,
        D(2024, 3, 20),
        D(2027, 10, 31),
        "恒力石化（大连）新材料科技有限公司",
        "建设全球首套年产120万吨聚酯装置，打通PX—PTA—聚酯—纺织全产业链，带动50余家配套企业落地，"
        "达产后年产值超过600亿元。",
        benchmark=True,
        model=ConstructionModelChoices.SELF,
    ),
    Named(
        "金州湾国际机场T3航站楼",
        Cat.INFRASTRUCTURE,
        None,
        "JP",
        "JTJ",
        1980000,
        D(2024, 6, 1),
        D(2028, 6, 30),
        "大连金州湾国际机场建设有限公司",
        "建设T3航站楼及配套站坪、停车楼和交通中心，航站楼钢结构已封顶，建成后满足年旅客吞吐量4000万人次。",
    ),
    Named(
        "长兴岛氢基能源中心配套码头",
        Cat.INFRASTRUCTURE,
        "hydrogen",
        "CXD",
        "JTJ",
        420000,
        D(2026, 4, 16),
        D(2028, 9, 30),
        "大连长兴岛港口投资发展有限公司",
        "建设5万吨级液体化工泊位2个及配套储运设施，服务氢基能源中心原料和产品的海上运输。",
    ),
    Named(
        "辽东湾综合交通枢纽",
        Cat.INFRASTRUCTURE,
        "port_logistics",
        "GJZ",
        "JTJ",
        860000,
        D(2025, 3, 15),
        D(2028, 12, 31),
        "大连交通枢纽建设投资有限公司",
        "建设集铁路、长途客运、城市轨道和公交于一体的综合交通枢纽，采用“专项债券+银行贷款”债贷组合方式融资。",
        model=ConstructionModelChoices.PPP,
    ),
    Named(
        "浑河堤防加固工程",
        Cat.INFRASTRUCTURE,
        None,
        "PLD",
        "SWU",
        360000,
        D(2025, 4, 1),
        D(2027, 10, 31),
        "普兰店区水利建设管理中心",
        "加固堤防42.6公里，新建和改建穿堤建筑物36座，争取超长期特别国债资金12亿元。",
        model=ConstructionModelChoices.DBB,
    ),
    Named(
        "轨道交通5号线",
        Cat.INFRASTRUCTURE,
        None,
        "SHK",
        "JTJ",
        2450000,
        D(2023, 8, 1),
        D(2027, 12, 31),
        "大连地铁集团有限公司",
        "线路全长24.5公里，设车站18座，为获得银行授信支持的105个项目之一。",
    ),
    Named(
        "SK海力士晶圆封装",
        Cat.EMERGING_INDUSTRY,
        "integrated_circuit",
        "JP",
        "GXJ",
        680000,
        D(2025, 6, 18),
        D(2027, 6, 30),
        "SK海力士半导体（大连）有限公司",
        "建设晶圆级先进封装测试生产线及配套动力设施，为全市34个50亿元以上项目之一。",
        benchmark=True,
        model=ConstructionModelChoices.SELF,
    ),
    Named(
        "华锐重工数字化专项升级",
        Cat.TRADITIONAL_INDUSTRY,
        "heavy_equipment",
        "GJZ",
        "GXJ",
        96000,
        D(2024, 5, 1),
        D(2026, 8, 31),
        "大连华锐重工集团股份有限公司",
        "对大型铸锻件和起重装备生产线实施数字化改造，已完成投资8.2亿元，劳动生产率提升40%。",
        finished=D(2026, 8, 20),
        benchmark=True,
        model=ConstructionModelChoices.SELF,
    ),
    Named(
        "通用技术集团机床研发基地",
        Cat.EMERGING_INDUSTRY,
        "machine_tools",
        "GXQ",
        "KJJ",
        320000,
        D(2025, 9, 6),
        D(2028, 6, 30),
        "通用技术集团大连机床有限责任公司",
        "建设高端数控机床研发中心和中试车间，推动高端数控机床国产化率提升至75%。",
    ),
    Named(
        "储能电池产业园",
        Cat.EMERGING_INDUSTRY,
        "energy_storage",
        "WFD",
        "GXJ",
        1200000,
        D(2026, 3, 18),
        D(2028, 12, 31),
        "大连融科储能装备有限公司",
        "建设储能电池电芯及系统集成生产基地，形成年产50GWh储能电池产能。",
    ),
    Named(
        "联影医疗CT设备生产线",
        Cat.EMERGING_INDUSTRY,
        "medical_devices",
        "GXQ",
        "GXJ",
        150000,
        D(2026, 5, 12),
        D(2027, 12, 31),
        "联影医疗科技（大连）有限公司",
        "建设高端CT设备整机生产线、核心部件车间和研发测试中心。",
    ),
    Named(
        "前海人寿健康城",
        Cat.SERVICES,
        None,
        "XG",
        "WJW",
        650000,
        D(2025, 4, 20),
        D(2029, 6, 30),
        "前海人寿（大连）健康产业发展有限公司",
        "建设综合医院、康养社区和健康管理中心，床位1200张。",
    ),
    Named(
        "华润万象天地",
        Cat.SERVICES,
        None,
        "SHK",
        "SWJ",
        850000,
        D(2024, 9, 1),
        D(2027, 9, 30),
        "华润置地（大连）有限公司",
        "建设集购物中心、甲级写字楼、酒店和街区商业于一体的城市综合体。",
    ),
    Named(
        "金普新区功率半导体模块封测项目",
        Cat.EMERGING_INDUSTRY,
        "integrated_circuit",
        "JP",
        "GXJ",
        520000,
        D(2026, 4, 9),
        D(2027, 12, 31),
        "大连芯源微电子科技有限公司",
        "建设车规级功率半导体模块封装测试产线。从立项到开工仅用58天，较常规流程提速70%。",
        approval_days_before_start=58,
        model=ConstructionModelChoices.SELF,
    ),
]

# --- Name patterns for the other projects -----------------------------------------------------

CATEGORY_WEIGHTS = [
    (Cat.TRADITIONAL_INDUSTRY, 22),
    (Cat.EMERGING_INDUSTRY, 25),
    (Cat.SERVICES, 12),
    (Cat.INFRASTRUCTURE, 18),
    (Cat.LIVELIHOOD, 11),
    (Cat.CULTURE_TOURISM, 6),
    (Cat.ECOLOGY, 6),
]
CHAINS_BY_CATEGORY = {
    Cat.TRADITIONAL_INDUSTRY: [
        "petrochemical",
        "heavy_equipment",
        "auto_parts",
        "shipbuilding",
        "green_food",
        "new_materials",
    ],
    Cat.EMERGING_INDUSTRY: [
        "integrated_circuit",
        "biomedicine",
        "medical_devices",
        "new_materials",
        "hydrogen",
        "energy_storage",
        "machine_tools",
        "software",
        "artificial_intelligence",
    ],
    Cat.SERVICES: ["port_logistics", "software", None, None],
}
PRODUCTS = {
    "petrochemical": ["高性能聚烯烃", "精细化学品", "特种环氧树脂", "高端润滑油", "电子级化学品"],
    "heavy_equipment": ["大型铸锻件", "港口起重机械", "冶金成套装备", "风电主轴"],
    "auto_parts": ["汽车精密轴承", "新能源汽车电驱系统", "发动机缸体", "汽车线束"],
    "shipbuilding": ["LNG运输船配套设备", "海洋工程平台模块", "船用低速柴油机", "游艇"],
    "green_food": ["海珍品精深加工", "冷链预制菜", "海洋功能食品", "粮油精深加工"],
    "new_materials": ["碳纤维复合材料", "高端电子陶瓷", "特种合金材料", "光伏封装胶膜", "锂电池正极材料"],
    "integrated_circuit": ["12英寸晶圆", "集成电路封装测试", "功率半导体模块", "半导体专用设备"],
    "biomedicine": ["生物创新药", "疫苗", "医用多肽原料药", "细胞治疗药物"],
    "medical_devices": ["医用影像设备", "高值医用耗材", "体外诊断试剂", "康复医疗器械"],
    "hydrogen": ["氢燃料电池电堆", "绿氢制备", "加氢站装备", "储氢瓶"],
    "energy_storage": ["储能电芯", "储能系统集成", "液流电池", "光伏组件"],
    "machine_tools": ["五轴数控机床", "精密主轴及功能部件", "数控系统", "工业机器人"],
    "software": ["工业互联网平台", "数据中心", "信创软件", "智慧城市运营中心"],
    "artificial_intelligence": ["智能算力中心", "人工智能产业园", "智能网联汽车测试场", "大模型应用创新中心"],
}
BRANDS = [
    "金海",
    "恒瑞",
    "鑫源",
    "中科",
    "华信",
    "远洋",
    "海辰",
    "润丰",
    "信达",
    "盛景",
    "东方",
    "宏达",
    "利丰",
    "天元",
    "瑞德",
    "光洋",
    "冰山",
    "辽港",
    "北方",
    "中船",
    "华润",
    "万达",
    "凯盛",
    "天华",
    "新锐",
    "海创",
    "联合",
    "长城",
]
OWNER_SUFFIX = {
    Cat.TRADITIONAL_INDUSTRY: ["重工有限公司", "化工有限公司", "机械制造有限公司", "食品有限公司"],
    Cat.EMERGING_INDUSTRY: ["科技有限公司", "新材料有限公司", "生物医药有限公司", "半导体有限公司", "智能装备有限公司"],
    Cat.SERVICES: ["物流有限公司", "置业有限公司", "商业管理有限公司", "数据科技有限公司"],
    Cat.INFRASTRUCTURE: ["城市建设投资集团有限公司", "交通建设发展有限公司", "水务集团有限公司", "热电有限公司"],
    Cat.LIVELIHOOD: ["城市更新有限公司", "教育投资有限公司", "卫生健康发展有限公司", "保障房建设有限公司"],
    Cat.CULTURE_TOURISM: ["文旅集团有限公司", "旅游开发有限公司", "文化产业投资有限公司"],
    Cat.ECOLOGY: ["生态环境建设有限公司", "水利建设管理中心", "环保科技有限公司"],
}
OWNER_BY_CHAIN = {
    "petrochemical": "石化有限公司",
    "heavy_equipment": "重工有限公司",
    "auto_parts": "汽车零部件有限公司",
    "shipbuilding": "船舶配套有限公司",
    "green_food": "食品有限公司",
    "new_materials": "新材料有限公司",
    "integrated_circuit": "半导体有限公司",
    "biomedicine": "生物医药有限公司",
    "medical_devices": "医疗器械有限公司",
    "hydrogen": "氢能科技有限公司",
    "energy_storage": "新能源科技有限公司",
    "machine_tools": "智能装备有限公司",
    "software": "数据科技有限公司",
    "artificial_intelligence": "智能科技有限公司",
    "port_logistics": "物流有限公司",
}
SERVICE_PATTERNS = [
    "{p}现代物流园",
    "{p}冷链物流中心",
    "{p}商业综合体",
    "{p}总部经济大厦",
    "{p}跨境电商产业园",
    "{p}科技企业孵化器",
    "{p}港航服务中心",
    "{p}数字经济产业园",
    "{p}城市更新商业街区",
]
INFRA_PATTERNS = [
    "{p}至{q}快速路工程",
    "{p}污水处理厂扩建工程",
    "{p}220千伏输变电工程",
    "{p}港区集装箱码头工程",
    "{p}综合管廊工程",
    "{p}供热管网改造工程",
    "{p}片区市政道路工程",
    "{p}互通立交工程",
    "{p}天然气管网工程",
    "{p}水厂及配套管网工程",
    "{p}海绵城市建设工程",
    "{p}城市停车场建设工程",
]
LIVELIHOOD_PATTERNS = [
    "{p}老旧小区改造工程",
    "{p}中学新建工程",
    "{p}小学扩建工程",
    "{p}保障性租赁住房项目",
    "{p}养老服务中心",
    "{p}幼儿园新建工程",
    "{p}社区卫生服务中心",
    "{p}全民健身中心",
    "市中心医院{p}院区建设项目",
    "{p}城中村改造项目",
    "{p}农贸市场升级改造项目",
]
CULTURE_PATTERNS = [
    "{p}滨海旅游度假区",
    "{p}文化艺术中心",
    "{p}历史街区保护利用项目",
    "{p}温泉康养小镇",
    "{p}海岛旅游基础设施提升项目",
    "{p}乡村旅游示范区",
    "{p}非遗文化产业园",
]
ECOLOGY_PATTERNS = [
    "{p}海岸带生态修复工程",
    "{p}河流域综合治理工程",
    "{p}废弃矿山生态修复项目",
    "{p}湿地公园建设项目",
    "{p}农村生活污水治理工程",
    "{p}城市绿道建设工程",
    "{p}高标准农田建设项目",
]
INDUSTRY_PATTERNS = {
    Cat.TRADITIONAL_INDUSTRY: ["{b}{x}生产线技术改造项目", "{b}{x}智能化改造项目", "{b}{x}扩能项目"],
    Cat.EMERGING_INDUSTRY: ["{b}{x}产业化项目", "{b}{x}研发及生产基地", "{p}{x}产业园"],
}
# Chains whose output is counted in a unit that reads naturally in "年产N<unit><product>项目".
CAPACITY_UNITS = {
    "petrochemical": ("万吨", [10, 20, 30, 50, 100]),
    "green_food": ("万吨", [2, 5, 10]),
    "new_materials": ("万吨", [1, 2, 5, 10]),
    "auto_parts": ("万套", [10, 20, 50, 100]),
    "energy_storage": ("GWh", [2, 5, 10, 20]),
    "medical_devices": ("台", [500, 1000, 2000]),
    "machine_tools": ("台", [500, 1000, 3000]),
}
PROGRESS = [
    (0.15, ["完成场地平整和临建设施", "桩基施工", "土方开挖及基坑支护"]),
    (0.45, ["基础施工完成，主体结构施工", "主体结构施工", "钢结构吊装"]),
    (0.75, ["主体结构封顶，二次结构施工", "设备基础施工及设备进场", "机电安装"]),
    (1.01, ["设备安装调试", "室外配套工程施工", "装饰装修及竣工验收准备"]),
]
PROBLEMS = [
    "用地手续办理滞后，需协调自然资源部门加快报批",
    "专项债券资金尚未到位",
    "征地拆迁尚有少量住户未签约",
    "施工许可证办理中",
    "原材料价格上涨，施工单位资金紧张",
    "能耗指标尚未落实",
    "环评批复尚未下达",
    "冬季施工受限，进度放缓",
    "电力接入方案待供电公司审批",
]
NEXT_STEPS = [
    "加快主体结构施工",
    "推进设备采购及安装",
    "组织竣工验收",
    "抓紧办理施工许可",
    "加大施工人员和机械投入",
    "做好冬季施工准备",
    "加快资金拨付进度",
    "推进室外配套工程",
]
PARTY_ORGS = {
    ResponsiblePartyRoleChoices.DESIGN: [
        "中国建筑东北设计研究院有限公司",
        "大连市建筑设计研究院有限公司",
        "中交第一航务工程勘察设计院有限公司",
    ],
    ResponsiblePartyRoleChoices.SURVEY: ["大连市勘察测绘研究院集团有限公司", "辽宁省地质勘查院有限责任公司"],
    ResponsiblePartyRoleChoices.CONSTRUCTION: [
        "中国建筑第八工程局有限公司",
        "中铁九局集团有限公司",
        "中交一航局第三工程有限公司",
        "大连三川建设集团股份有限公司",
    ],
    ResponsiblePartyRoleChoices.SUPERVISION: ["大连泛华工程建设监理有限公司", "辽宁中衡工程监理有限公司"],
}
# The horse race needs leaders and laggards: each district's delivery against plan this year.
DISTRICT_PACE = {
    "JP": 1.16,
    "GXQ": 1.12,
    "CXD": 1.1,
    "SHK": 1.08,
    "GJZ": 1.05,
    "ZS": 1.03,
    "XG": 1.0,
    "LSK": 0.95,
    "PLD": 0.92,
    "WFD": 0.88,
    "ZH": 0.82,
    "CH": 0.76,
}
SEASON = [0.35, 0.45, 0.9, 1.1, 1.2, 1.2, 1.1, 1.1, 1.2, 1.2, 1.0, 0.6]
DEPARTMENTS_BY_CATEGORY = {
    Cat.TRADITIONAL_INDUSTRY: ["GXJ"] * 6 + ["FGW"] * 2 + ["HYJ", "NYJ", "GZW"],
    Cat.EMERGING_INDUSTRY: ["GXJ"] * 5 + ["KJJ"] * 3 + ["FGW"] * 2,
    Cat.SERVICES: ["SWJ"] * 4 + ["FGW"] * 2 + ["GZW", "YSJ", "JTJ"],
    Cat.INFRASTRUCTURE: ["JTJ"] * 4 + ["ZJJ"] * 2 + ["SWU"] * 2 + ["FGW", "CGJ", "CZJ"],
    Cat.LIVELIHOOD: ["ZJJ"] * 3 + ["WJW", "WJW", "JYJ", "JYJ", "MZJ", "TYJ", "FGW"],
    Cat.CULTURE_TOURISM: ["WLJ"] * 4 + ["TYJ", "FGW"],
    Cat.ECOLOGY: ["STJ"] * 3 + ["SWU", "ZRJ", "NYJ", "HYJ"],
}
DISTRICT_WEIGHTS = {
    "JP": 18,
    "GXQ": 9,
    "CXD": 7,
    "GJZ": 12,
    "SHK": 7,
    "ZS": 6,
    "XG": 5,
    "LSK": 6,
    "PLD": 8,
    "WFD": 9,
    "ZH": 9,
    "CH": 4,
}


# --- Building --------------------------------------------------------------------------------


@dataclass
class Spec:
    """One project as the generator plans it, before it becomes rows."""

    code: str
    name: str
    level: str
    is_top100: bool
    category: str
    chain: str | None
    district: str
    department: str
    owner: str
    total: Decimal
    planned_start: datetime.date
    planned_end: datetime.date
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    description: str = ""
    benchmark: bool = False
    model: str = ""
    pace: float = 1.0
    silent: bool = False  # stops filing: the reporting rule's red case
    listed: bool = True
    approval_days: int | None = None
    plans: dict = field(default_factory=dict)  # year -> (nature, amount, start month, monthly list | None)


def month_index(d: datetime.date) -> int:
    return d.year * 12 + d.month - 1


def add_months(d: datetime.date, months: int) -> datetime.date:
    year, month = shift_month(d.year, d.month, months)
    return datetime.date(year, month, min(d.day, 28))


def money(value: float) -> Decimal:
    """万元 with two places, rounded to whole 10万元 steps for plan-like figures."""
    return Decimal(max(0, round(value / 10) * 10)).quantize(CENT)


class RegisterBuilder:
    def __init__(self, *, rng, today: datetime.date, org: DemoOrganisation, total: int):
        self.rng = rng
        self.today = today
        self.org = org
        self.total = total
        self.year = today.year
        # The last complete month: reports exist up to it.
        self.last_year, self.last_month = shift_month(today.year, today.month, -1)
        self.years = [self.year - 2, self.year - 1, self.year]
        self.names = Counter()
        self.sequence = Counter()

    # ---- choices ----

    def pick(self, weighted):
        items, weights = zip(*weighted, strict=True)
        return self.rng.choices(items, weights=weights)[0]

    def unique_name(self, name: str) -> str:
        self.names[name] += 1
        count = self.names[name]
        return name if count == 1 else f"{name}（{'一二三四五六七八九'[min(count, 9) - 1]}期）"

    def next_code(self, year: int) -> str:
        self.sequence[year] += 1
        return f"{year}-DL-{self.sequence[year]:04d}"

    def project_name(self, category: str, chain: str | None, district: str) -> tuple[str, str]:
        rng = self.rng
        place = rng.choice(self.org.district_places[district])
        brand = rng.choice(BRANDS)
        owner_suffix = rng.choice(OWNER_SUFFIX[category])
        if category in INDUSTRY_PATTERNS:
            product = rng.choice(PRODUCTS[chain])
            if chain in CAPACITY_UNITS and rng.random() < 0.35:
                unit, sizes = CAPACITY_UNITS[chain]
                name = f"{brand}年产{rng.choice(sizes)}{unit}{product}项目"
            else:
                name = rng.choice(INDUSTRY_PATTERNS[category]).format(b=brand, x=product, p=place)
        else:
            patterns = {
                Cat.SERVICES: SERVICE_PATTERNS,
                Cat.INFRASTRUCTURE: INFRA_PATTERNS,
                Cat.LIVELIHOOD: LIVELIHOOD_PATTERNS,
                Cat.CULTURE_TOURISM: CULTURE_PATTERNS,
                Cat.ECOLOGY: ECOLOGY_PATTERNS,
            }[category]
            other = rng.choice(self.org.district_places[rng.choice(list(self.org.district_places))])
            name = rng.choice(patterns).format(p=place, q=other if other != place else "机场")
            if category in (Cat.INFRASTRUCTURE, Cat.LIVELIHOOD, Cat.ECOLOGY) and rng.random() < 0.6:
                # Public works are mostly owned by the district's own investment company.
                return self.unique_name(name), f"{self.org.districts[district].name}{owner_suffix}"
        owner_suffix = OWNER_BY_CHAIN.get(chain, owner_suffix)
        return self.unique_name(name), f"大连{brand}{owner_suffix}"

    def investment(self, level: str, top100: bool) -> Decimal:
        rng = self.rng
        if top100:
            value = rng.lognormvariate(math.log(250000), 0.8)
            value = min(max(value, 50000), 3000000)
        elif level == ProjectLevelChoices.PROVINCIAL:
            value = min(max(rng.lognormvariate(math.log(400000), 0.7), 100000), 5000000)
        elif level == ProjectLevelChoices.CITY:
            value = min(max(rng.lognormvariate(math.log(80000), 0.8), 10000), 800000)
        else:
            value = min(max(rng.lognormvariate(math.log(25000), 0.9), 2000), 300000)
        return Decimal(round(value / 100) * 100).quantize(CENT)

    # ---- one project ----

    def timeline(self, spec_total: Decimal, top100: bool):
        """Planned and actual start and end dates. Delays never cross a past year's end, so a
        project that missed its start is always one of this year's new starts."""
        rng = self.rng
        year = self.year
        if top100:
            start_year = self.pick([(year - 3, 15), (year - 2, 25), (year - 1, 30), (year, 30)])
        else:
            start_year = self.pick(
                [(year - 4, 6), (year - 3, 12), (year - 2, 20), (year - 1, 27), (year, 30), (year + 1, 5)]
            )
        start_month = self.pick(
            [(m, w) for m, w in zip(range(1, 13), [1, 2, 6, 9, 10, 8, 7, 6, 5, 4, 2, 1], strict=True)]
        )
        planned_start = datetime.date(start_year, start_month, rng.randint(1, 28))
        size_months = 18 + int(min(36, float(spec_total) / 30000))
        duration = max(8, int(rng.gauss(size_months, 6)))
        planned_end = add_months(planned_start, duration)
        # Most of the register is still being built this year: that is what the list is for.
        if planned_end.year < year and (top100 or rng.random() < 0.5):
            planned_end = datetime.date(year, rng.randint(3, 12), 28)
        # Actual start: early, on time, late or not yet.
        roll = rng.random()
        if roll < 0.08:
            delay_days = -rng.randint(20, 60)
        elif roll < 0.72:
            delay_days = rng.randint(-10, 20)
        elif roll < 0.9:
            delay_days = rng.randint(35, 130)
        else:
            delay_days = rng.randint(120, 300)
        actual_start = planned_start + datetime.timedelta(days=delay_days)
        if start_year < year:
            actual_start = min(actual_start, datetime.date(start_year, 12, 20))
            actual_start = max(actual_start, datetime.date(start_year, 1, 5))
        if actual_start > self.today - datetime.timedelta(days=3):
            actual_start = None
        elif actual_start.year < start_year:
            actual_start = datetime.date(start_year, 1, 5)
        actual_end = None
        if actual_start:
            slip = (actual_start - planned_start).days
            expected_end = planned_end + datetime.timedelta(days=max(0, slip) + rng.randint(-30, 60))
            if expected_end < self.today:
                actual_end = expected_end
        return planned_start, planned_end, actual_start, actual_end

    def new_spec(self, *, top100: bool) -> Spec:
        rng = self.rng
        category = self.pick(CATEGORY_WEIGHTS)
        chain = rng.choice(CHAINS_BY_CATEGORY[category]) if category in CHAINS_BY_CATEGORY else None
        if category == Cat.SERVICES and chain is None and rng.random() < 0.3:
            chain = "port_logistics"
        if top100:
            level = ProjectLevelChoices.CITY
        else:
            level = self.pick(
                [
                    (ProjectLevelChoices.PROVINCIAL, 8),
                    (ProjectLevelChoices.CITY, 32),
                    (ProjectLevelChoices.DISTRICT, 60),
                ]
            )
        district = self.pick(list(DISTRICT_WEIGHTS.items()))
        department = rng.choice(DEPARTMENTS_BY_CATEGORY[category])
        name, owner = self.project_name(category, chain, district)
        total = self.investment(level, top100)
        planned_start, planned_end, actual_start, actual_end = self.timeline(total, top100)
        return Spec(
            code="",
            name=name,
            level=level,
            is_top100=top100,
            category=category,
            chain=chain,
            district=district,
            department=department,
            owner=owner,
            total=total,
            planned_start=planned_start,
            planned_end=planned_end,
            actual_start=actual_start,
            actual_end=actual_end,
            model=self.pick(
                [
                    (ConstructionModelChoices.EPC, 30),
                    (ConstructionModelChoices.DBB, 38),
                    (ConstructionModelChoices.SELF, 22),
                    (ConstructionModelChoices.PPP, 5),
                    (ConstructionModelChoices.BOT, 2),
                    (ConstructionModelChoices.OTHER, 3),
                ]
            ),
            pace=DISTRICT_PACE[district] * rng.lognormvariate(0, 0.18),
            silent=rng.random() < 0.025,
            # A few of the others wait in the reserve pool without a place on any list yet.
            listed=top100 or rng.random() > 0.04,
        )

    def named_spec(self, named: Named) -> Spec:
        actual_start = named.start if named.start <= self.today else None
        return Spec(
            code="",
            name=self.unique_name(named.name),
            level=ProjectLevelChoices.CITY,
            is_top100=True,
            category=named.category,
            chain=named.chain,
            district=named.district,
            department=named.department,
            owner=named.owner,
            total=Decimal(named.total).quantize(CENT),
            planned_start=named.start,
            planned_end=named.end,
            actual_start=actual_start,
            actual_end=named.finished if named.finished and named.finished <= self.today else None,
            description=named.description,
            benchmark=named.benchmark,
            model=named.model,
            pace=DISTRICT_PACE[named.district] * 1.05,
            approval_days=named.approval_days_before_start,
        )

    # ---- annual plans ----

    def plan_year(self, spec: Spec, year: int):
        """(nature, planned amount, planned start month, monthly plan or None) for `year`, or None
        when the project is not on that year's list."""
        rng = self.rng
        if not spec.listed:
            return None
        start, end = spec.planned_start, spec.actual_end or spec.planned_end
        if start.year > year + 1 or end.year < year:
            return None
        if start.year == year + 1:
            if not spec.is_top100 and rng.random() < 0.5:
                return None
            nature = Nature.PRELIMINARY if rng.random() < 0.85 else Nature.RESERVE
            amount = money(float(spec.total) * rng.uniform(0.005, 0.02))
            return nature, max(amount, Decimal("50.00")), None, None
        first = max(month_index(start), year * 12)
        last = min(month_index(end), year * 12 + 11)
        span = max(1, month_index(end) - month_index(start) + 1)
        months_in_year = max(1, last - first + 1)
        share = months_in_year / span
        amount = money(float(spec.total) * share * rng.uniform(0.85, 1.1) * 0.92)
        amount = max(amount, Decimal("100.00"))
        nature = Nature.NEW if start.year == year else Nature.CONTINUING
        start_month = start.month if nature == Nature.NEW else None
        monthly = None
        # This year's list carries monthly plans throughout, so the period completion rate (completed
        # over the period plan) compares like with like; earlier years have them for about half.
        if rng.random() < 0.5 or year == self.year:
            monthly = self.monthly_plan(
                amount, first_month=(start.month if nature == Nature.NEW else 1), last_month=(last % 12) + 1
            )
        return nature, amount, start_month, monthly

    @staticmethod
    def monthly_plan(amount: Decimal, *, first_month: int, last_month: int) -> list[Decimal]:
        weights = [SEASON[m - 1] if first_month <= m <= last_month else 0.0 for m in range(1, 13)]
        total_weight = sum(weights) or 1.0
        values = [
            (amount * Decimal(w / total_weight)).quantize(Decimal("1"), rounding=ROUND_DOWN).quantize(CENT)
            for w in weights
        ]
        # The remainder goes to the last planned month, so the twelve figures add up exactly.
        values[last_month - 1] += amount - sum(values)
        return values

    # ---- build ----

    def build_specs(self) -> list[Spec]:
        named = NAMED_PROJECTS[: self.total]
        # About a hundred top-100 projects whatever the size (fewer in a small demo).
        top_count = min(self.total, max(len(named), min(100, round(self.total * 100 / 1100))))
        specs = [self.named_spec(n) for n in named]
        specs += [self.new_spec(top100=True) for _ in range(top_count - len(specs))]
        specs += [self.new_spec(top100=False) for _ in range(self.total - top_count)]
        for spec in specs:
            spec.code = self.next_code(min(spec.planned_start.year, self.year))
            for year in self.years:
                plan = self.plan_year(spec, year)
                if plan:
                    spec.plans[year] = plan
        return specs


@functools.cache
def _timestamp(d: datetime.date, hour: int = 10):
    return connection.ops.adapt_datetimefield_value(datetime.datetime(d.year, d.month, d.day, hour, tzinfo=TZ))


def fast_insert(model, fields: list[str], rows: list[tuple]) -> int:
    """INSERT plain tuples (in `fields` order) with executemany. `bulk_create` compiles SQL for
    every batch and prepares each value through its field, which dominates at 20,000 projects;
    the callers pass values already in database form (ids, Decimals, dates, adapted datetimes)."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    opts = model._meta
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a round trip per row (psycopg 3).
            with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    return len(rows)


def chains_seed() -> dict:
    chains = {}
    for order, (code, name) in enumerate(INDUSTRY_CHAINS, start=1):
        chains[code], _ = IndustryChain.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    return chains


def register_seed(*, rng, today: datetime.date, org: DemoOrganisation, total: int) -> dict:
    """Write the demo register. The caller has emptied it first."""
    builder = RegisterBuilder(rng=rng, today=today, org=org, total=total)
    chains = chains_seed()
    specs = builder.build_specs()

    projects = []
    for spec in specs:
        lat, lon = org.district_centres[spec.district]
        registered_on = None
        # Registration (入库) lags a start by weeks; only some recent starts are still waiting.
        recent_start = spec.actual_start and (today - spec.actual_start).days < 120
        if spec.actual_start and not (recent_start and rng.random() < 0.4):
            registered_on = min(spec.actual_start + datetime.timedelta(days=rng.randint(5, 50)), today)
        stage = stage_of(spec, today)
        projects.append(
            Project(
                code=spec.code,
                name=spec.name,
                level=spec.level,
                is_top100=spec.is_top100,
                category=spec.category,
                industry_chain=chains[spec.chain] if spec.chain else None,
                stage=stage,
                district=org.districts[spec.district],
                department=org.departments[spec.department],
                owner=spec.owner,
                total_investment=spec.total,
                planned_start=spec.planned_start,
                planned_end=spec.planned_end,
                actual_start=spec.actual_start,
                actual_end=spec.actual_end,
                address=f"{org.districts[spec.district].name}{rng.choice(org.district_places[spec.district])}",
                latitude=Decimal(f"{lat + rng.uniform(-0.05, 0.05):.6f}"),
                longitude=Decimal(f"{lon + rng.uniform(-0.06, 0.06):.6f}"),
                construction_model=spec.model,
                is_benchmark=spec.benchmark,
                is_registered=registered_on is not None,
                registered_on=registered_on,
                description=spec.description or describe(spec),
                name_initials=initials(spec.name),
            )
        )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f.attname for f in Project._meta.concrete_fields if not f.primary_key]
    stamps = ("created_at", "updated_at")
    fast_insert(
        Project, fields, [tuple(now if name in stamps else getattr(p, name) for name in fields) for p in projects]
    )
    ids = dict(Project.objects.values_list("code", "id"))
    for project in projects:
        project.pk = ids[project.code]

    counts = {"industry chains": len(chains), "projects": len(projects)}
    counts["leader assignments"] = _seed_leaders(rng, today, org, specs, projects)
    counts["responsible parties"] = _seed_parties(rng, specs, projects)
    counts["annual plans"] = _seed_plans(specs, projects)
    counts["monthly reports"] = _seed_reports(builder, org, specs, projects)
    counts["milestones"] = _seed_milestones(rng, today, specs, projects)
    counts["city statistics"] = _seed_city_statistics(rng, builder)
    return counts


def stage_of(spec: Spec, today: datetime.date) -> str:
    if spec.actual_end:
        return (
            Stage.OPERATIONAL
            if spec.category in (Cat.TRADITIONAL_INDUSTRY, Cat.EMERGING_INDUSTRY, Cat.SERVICES, Cat.CULTURE_TOURISM)
            else Stage.COMPLETED
        )
    if spec.actual_start:
        return Stage.CONSTRUCTION
    if not spec.listed:
        return Stage.CONCEIVED if spec.planned_start.year > today.year else Stage.RESERVE
    return Stage.PRELIMINARY


def describe(spec: Spec) -> str:
    years = spec.planned_end.year - spec.planned_start.year + 1
    return (
        f"项目位于{spec.name[:4]}一带，总投资{spec.total / 10000:.2f}亿元，计划{spec.planned_start.year}年开工、"
        f"{spec.planned_end.year}年建成，建设周期约{years}年。"
    )


# Characters whose most common reading is not the one they have in the city's names.
POLYPHONES = {"长": "c", "重": "z", "厦": "s", "行": "h"}


@functools.cache
def _initial(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    if char in POLYPHONES:
        return POLYPHONES[char]
    return "".join(lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")).lower()


def initials(name: str) -> str:
    """Pinyin initials for search (e.g. 东关街 -> dgj), a character at a time: generated names
    reuse a few hundred characters, and whole-name conversion is the slowest step at scale."""
    return "".join(_initial(char) for char in name)[:200]


def _seed_leaders(rng, today, org, specs, projects) -> int:
    """Each top-100 project gets a leader one-on-one, except two left for the office's flag;
    some changed leader at the turn of the year, so their history shows the previous one."""
    leaders = org.leaders
    rows = []
    top = [(s, p) for s, p in zip(specs, projects, strict=True) if s.is_top100]
    without_leader = (
        {p.code for _s, p in top[len(NAMED_PROJECTS) :][-2:]} if len(top) > len(NAMED_PROJECTS) + 2 else set()
    )
    year = today.year
    for index, (spec, project) in enumerate(top):
        if project.code in without_leader:
            continue
        leader = leaders[index % len(leaders)]
        started = max(datetime.date(year, 1, 10), spec.planned_start - datetime.timedelta(days=60))
        started = min(started, today)
        if spec.planned_start.year < year and rng.random() < 0.15:
            previous = leaders[(index + 5) % len(leaders)]
            rows.append(
                LeaderAssignment(
                    project=project,
                    leader=previous,
                    started_on=datetime.date(year - 1, 1, 10),
                    ended_on=datetime.date(year - 1, 12, 31),
                )
            )
            started = datetime.date(year, 1, 1)
        rows.append(LeaderAssignment(project=project, leader=leader, started_on=started))
    for spec, project in zip(specs, projects, strict=True):
        if spec.level == ProjectLevelChoices.PROVINCIAL and rng.random() < 0.5:
            rows.append(
                LeaderAssignment(
                    project=project, leader=rng.choice(leaders), started_on=min(today, datetime.date(year, 1, 10))
                )
            )
    LeaderAssignment.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _seed_parties(rng, specs, projects) -> int:
    """The five responsible parties of the top-100 projects."""
    rows = []
    for spec, project in zip(specs, projects, strict=True):
        if not spec.is_top100:
            continue
        rows.append(ResponsibleParty(project=project, role=ResponsiblePartyRoleChoices.OWNER, organisation=spec.owner))
        for role, orgs in PARTY_ORGS.items():
            rows.append(ResponsibleParty(project=project, role=role, organisation=rng.choice(orgs)))
    ResponsibleParty.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _seed_plans(specs, projects) -> int:
    rows = []
    fields = ["project_id", "year", "nature", "planned_investment", "planned_start_month", *MONTH_PLAN_FIELDS]
    for spec, project in zip(specs, projects, strict=True):
        for year, (nature, amount, start_month, monthly) in spec.plans.items():
            rows.append((project.pk, year, nature, amount, start_month, *(monthly or [None] * 12)))
    return fast_insert(AnnualPlan, fields, rows)


def _report_status(rng, year, month, builder, spec) -> str | None:
    """None means no report was filed. The last month is still being filed and reviewed."""
    if spec.silent and year == builder.last_year and month >= builder.last_month - 1:
        return None
    roll = rng.random()
    if (year, month) == (builder.last_year, builder.last_month):
        lag = 0.08 if spec.pace < 0.9 else 0.0
        if roll < 0.07 + lag:
            return None
        if roll < 0.11 + lag:
            return Status.DRAFT
        if roll < 0.14 + lag:
            return Status.RETURNED
        return Status.SUBMITTED if roll < 0.6 else Status.APPROVED
    if year == builder.year:
        if roll < 0.015:
            return None
        if roll < 0.025:
            return Status.RETURNED
        return Status.SUBMITTED if roll < 0.05 else Status.APPROVED
    return None if roll < 0.005 else Status.APPROVED


REPORT_FIELDS = [
    "project_id",
    "month",
    "completed_investment",
    "progress",
    "problems",
    "next_steps",
    "justification",
    "status",
    "filed_by_id",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "return_reason",
    "created_at",
    "updated_at",
]
RETURN_REASON = "投资完成额与形象进度不匹配，请核实后重新报送。"


def _seed_reports(builder: RegisterBuilder, org, specs, projects) -> int:
    """Monthly reports of started projects for every month up to the last complete one. Each
    project delivers its plan at its own pace (its district's pace times its own)."""
    rng = builder.rng
    reviewer = org.users["office"].pk
    filers = {u.department_id: u.pk for u in org.users.values() if u.department_id}
    filers.update({("d", u.district_id): u.pk for u in org.users.values() if u.district_id})
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    last_index = builder.last_year * 12 + builder.last_month - 1
    rows = []
    written = 0
    for spec, project in zip(specs, projects, strict=True):
        if not spec.actual_start:
            continue
        filer = filers.get(project.department_id) or filers.get(("d", project.district_id))
        first_index = month_index(spec.actual_start)
        end_index = month_index(spec.actual_end) if spec.actual_end else last_index
        cumulative = Decimal("0")
        history: list[Decimal] = []
        cap = spec.total * Decimal("0.97")
        for year in builder.years:
            plan = spec.plans.get(year)
            if not plan or plan[0] not in (Nature.NEW, Nature.CONTINUING):
                continue
            _nature, amount, _start_month, monthly = plan
            active = [m for m in range(1, 13) if first_index <= year * 12 + m - 1 <= min(end_index, last_index)]
            if not active:
                continue
            plan_months = [m for m in range(1, 13) if first_index <= year * 12 + m - 1 <= end_index] or active
            weight_sum = sum(SEASON[m - 1] for m in plan_months)
            pace = spec.pace * 1.02 if year == builder.year else 0.97 + (spec.pace - 1) * 0.3
            for m in active:
                base = float(monthly[m - 1]) if monthly else float(amount) * SEASON[m - 1] / weight_sum
                if monthly and base == 0:
                    base = float(amount) / 12
                value = Decimal(max(0.0, base * pace * rng.uniform(0.7, 1.3))).quantize(CENT)
                value = min(value, max(Decimal("0"), cap - cumulative))
                status = _report_status(rng, year, m, builder, spec)
                if status is None:
                    continue
                fraction = (year * 12 + m - 1 - first_index + 1) / max(
                    1, month_index(spec.planned_end) - first_index + 1
                )
                phrase = rng.choice(next(p for limit, p in PROGRESS if min(fraction, 1.0) < limit))
                justification = ""
                if history and value > 3 * (sum(history) / len(history)):
                    justification = "进入施工高峰期，设备款和工程进度款集中支付。"
                filed_on = datetime.date(*shift_month(year, m, 1), rng.randint(1, 5))
                reviewed = status in (Status.APPROVED, Status.RETURNED)
                rows.append(
                    (
                        project.pk,
                        format_month(year, m),
                        value,
                        f"{phrase}，累计完成形象进度约{min(99, int(fraction * 100))}%。",
                        rng.choice(PROBLEMS) if rng.random() < 0.1 else "",
                        rng.choice(NEXT_STEPS),
                        justification,
                        status,
                        filer,
                        _timestamp(filed_on) if status != Status.DRAFT else None,
                        reviewer if reviewed else None,
                        _timestamp(filed_on + datetime.timedelta(days=2), 16) if reviewed else None,
                        RETURN_REASON if status == Status.RETURNED else "",
                        now,
                        now,
                    )
                )
                cumulative += value
                history.append(value)
        if len(rows) >= 20 * BATCH:  # keeps memory flat at 20,000 projects
            written += fast_insert(MonthlyReport, REPORT_FIELDS, rows)
            rows = []
    return written + fast_insert(MonthlyReport, REPORT_FIELDS, rows)


MILESTONE_OFFSETS = [  # kind, months relative to the planned start (negative: before)
    (Kind.APPROVAL, -10),
    (Kind.LAND, -6),
    (Kind.EIA, -5),
    (Kind.PLANNING_PERMIT, -3),
    (Kind.CONSTRUCTION_PERMIT, -1),
    (Kind.START, 0),
]


def _seed_milestones(rng, today, specs, projects) -> int:
    """Key-node plans of the provincial and city projects (and some district ones); a few nodes
    are overdue without an actual date, as on every real plan table."""
    rows = []
    for spec, project in zip(specs, projects, strict=True):
        if spec.level == ProjectLevelChoices.DISTRICT and rng.random() < 0.7:
            continue
        if not spec.listed:
            continue
        slip = (spec.actual_start - spec.planned_start).days if spec.actual_start else None
        duration = (spec.planned_end - spec.planned_start).days
        nodes = [(kind, add_months(spec.planned_start, offset)) for kind, offset in MILESTONE_OFFSETS]
        if spec.approval_days:
            nodes[0] = (Kind.APPROVAL, spec.planned_start - datetime.timedelta(days=spec.approval_days))
            nodes = [(k, max(d, nodes[0][1])) for k, d in nodes]
        nodes.append((Kind.STRUCTURE_COMPLETE, spec.planned_start + datetime.timedelta(days=int(duration * 0.5))))
        nodes.append((Kind.COMPLETION, spec.planned_end))
        if spec.category in (Cat.TRADITIONAL_INDUSTRY, Cat.EMERGING_INDUSTRY):
            nodes.append((Kind.OPERATION, add_months(spec.planned_end, 2)))
        for kind, planned in nodes:
            actual = None
            if kind == Kind.START:
                actual = spec.actual_start
            elif kind == Kind.COMPLETION:
                actual = spec.actual_end
            elif planned < spec.planned_start or (kind == Kind.APPROVAL and spec.approval_days):
                # Preparatory nodes: done before the start, now and then late or still open.
                if spec.approval_days:
                    actual = planned
                elif spec.actual_start or rng.random() < 0.75:
                    actual = planned + datetime.timedelta(days=rng.randint(-15, 40))
                    if spec.actual_start:
                        actual = min(actual, spec.actual_start)
            elif slip is not None and kind == Kind.STRUCTURE_COMPLETE:
                candidate = planned + datetime.timedelta(days=max(0, slip) + rng.randint(-20, 70))
                actual = candidate if candidate < today else None
            elif kind == Kind.OPERATION and spec.actual_end:
                candidate = add_months(spec.actual_end, 1)
                actual = candidate if candidate < today else None
            if actual and actual > today:
                actual = None
            rows.append((project.pk, kind, "", planned, actual, ""))
    return fast_insert(Milestone, ["project_id", "kind", "name", "planned_date", "actual_date", "note"], rows)


def _seed_city_statistics(rng, builder: RegisterBuilder) -> int:
    """City-wide fixed-asset investment, year to date, so that the top-100 share is about a third."""
    money_field = DecimalField(max_digits=16, decimal_places=2)
    monthly = defaultdict(Decimal)
    rows_by_month = (
        MonthlyReport.objects.filter(status__in=COUNTED_REPORT_STATUSES, project__is_top100=True)
        .values("month")
        .annotate(total=Coalesce(Sum("completed_investment"), Decimal("0"), output_field=money_field))
    )
    for row in rows_by_month:
        monthly[row["month"]] = row["total"]
    rows = []
    for year in builder.years[1:]:
        if year > builder.last_year:
            continue
        last = builder.last_month if year == builder.last_year else 12
        running = Decimal("0")
        for m in range(1, last + 1):
            key = format_month(year, m)
            running += monthly[key]
            if not running:
                continue
            share = Decimal(str(round(rng.uniform(0.31, 0.35), 4)))
            rows.append(
                CityStatistic(
                    month=key,
                    fixed_asset_investment=(running / share).quantize(CENT),
                    growth_pct=Decimal(str(round(rng.uniform(3.5, 9.5), 2))),
                )
            )
    CityStatistic.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
