"""The demo city's organisation (SEED-CITY.md): districts and parks, departments, city leaders,
and one demo user per role. Upserted by code, name or username, so `seed_demo` can run again."""

from dataclasses import dataclass

from .choices import DistrictKindChoices, UserRoleChoices
from .models import Department, District, Leader, User
from .services import user_create_or_update

# Everyone knows it: the demo database is for showing the portal, never for real data.
DEMO_PASSWORD = "Demo-2026!"

# code, name, kind, centre (lat, lon), place names used in project names and addresses
DISTRICTS = [
    (
        "ZS",
        "中山区",
        DistrictKindChoices.DISTRICT,
        (38.918, 121.644),
        ["人民路", "东港", "青泥洼桥", "老虎滩"],
    ),
    ("XG", "西岗区", DistrictKindChoices.DISTRICT, (38.914, 121.612), ["香炉礁", "北岗桥", "八一路", "白云山"]),
    ("SHK", "沙河口区", DistrictKindChoices.DISTRICT, (38.905, 121.586), ["星海湾", "西安路", "黑石礁", "春柳"]),
    (
        "GJZ",
        "甘井子区",
        DistrictKindChoices.DISTRICT,
        (38.953, 121.525),
        ["大连湾", "营城子", "革镇堡", "泉水", "辛寨子"],
    ),
    ("LSK", "旅顺口区", DistrictKindChoices.DISTRICT, (38.812, 121.262), ["双岛湾", "水师营", "龙王塘", "铁山"]),
    (
        "JP",
        "金普新区",
        DistrictKindChoices.DISTRICT,
        (39.100, 121.780),
        ["小窑湾", "金石滩", "董家沟", "大孤山", "亮甲店", "二十里堡"],
    ),
    ("GXQ", "高新区", DistrictKindChoices.PARK, (38.862, 121.520), ["英歌石", "黄泥川", "七贤岭", "河口"]),
    ("CXD", "长兴岛经济区", DistrictKindChoices.PARK, (39.580, 121.430), ["西中岛", "长兴岛", "交流岛", "葫芦山"]),
    ("PLD", "普兰店区", DistrictKindChoices.DISTRICT, (39.395, 121.963), ["皮口", "杨树房", "城子坦", "太平"]),
    ("WFD", "瓦房店市", DistrictKindChoices.COUNTY, (39.627, 122.008), ["太阳街道", "炮台", "复州城", "西杨"]),
    ("ZH", "庄河市", DistrictKindChoices.COUNTY, (39.681, 122.967), ["花园口", "青堆", "黑岛", "大郑"]),
    ("CH", "长海县", DistrictKindChoices.COUNTY, (39.272, 122.588), ["大长山岛", "獐子岛", "广鹿岛"]),
]

# code, full name, short name, head
DEPARTMENTS = [
    ("FGW", "市发展和改革委员会", "发改委", "刘振东"),
    ("GXJ", "市工业和信息化局", "工信局", "高建平"),
    ("KJJ", "市科学技术局", "科技局", "林晓东"),
    ("ZRJ", "市自然资源局", "自然资源局", "曹国华"),
    ("ZJJ", "市住房和城乡建设局", "住建局", "马国栋"),
    ("JTJ", "市交通运输局", "交通局", "于海波"),
    ("STJ", "市生态环境局", "生态环境局", "邵文静"),
    ("CZJ", "市财政局", "财政局", "徐丽娜"),
    ("SWJ", "市商务局", "商务局", "宋立新"),
    ("WLJ", "市文化和旅游局", "文旅局", "唐雅琴"),
    ("WJW", "市卫生健康委员会", "卫健委", "韩晓光"),
    ("JYJ", "市教育局", "教育局", "杜春梅"),
    ("SWU", "市水务局", "水务局", "姜永胜"),
    ("NYJ", "市农业农村局", "农业农村局", "潘树林"),
    ("HYJ", "市海洋发展局", "海洋发展局", "董海鹰"),
    ("CGJ", "市城市管理局", "城管局", "袁志刚"),
    ("GZW", "市国有资产监督管理委员会", "国资委", "贾红军"),
    ("YSJ", "市营商环境建设局", "营商局", "夏雨晴"),
    ("MZJ", "市民政局", "民政局", "谭淑芬"),
    ("TYJ", "市体育局", "体育局", "钟立强"),
]

LEADERS = [
    ("陈立群", "市委副书记、市长"),
    ("刘志远", "市委常委、常务副市长"),
    ("王建国", "副市长"),
    ("张海涛", "市委常委、副市长"),
    ("李文博", "副市长"),
    ("赵晓梅", "副市长"),
    ("孙宏伟", "副市长"),
    ("周德明", "副市长"),
    ("吴振华", "副市长"),
    ("何静怡", "副市长"),
    ("郑思源", "市政府党组成员"),
    ("冯国强", "市政府秘书长"),
]
DEMO_LEADER = "王建国"

# username, role, display name, link (department code, district code or leader name)
DEMO_USERS = [
    ("admin", UserRoleChoices.ADMIN, "系统管理员", None),
    ("office", UserRoleChoices.OFFICE, "市项目办 张伟", None),
    ("fgw", UserRoleChoices.DEPARTMENT, "发改委 李娜", "FGW"),
    ("jtj", UserRoleChoices.DEPARTMENT, "交通局 王强", "JTJ"),
    ("jinpu", UserRoleChoices.DISTRICT, "金普新区 赵敏", "JP"),
    ("leader", UserRoleChoices.LEADER, DEMO_LEADER, DEMO_LEADER),
    ("viewer", UserRoleChoices.VIEWER, "市政府办 查阅", None),
]


@dataclass
class DemoOrganisation:
    districts: dict  # code -> District
    departments: dict  # code -> Department
    leaders: list  # Leader, in LEADERS order
    district_places: dict  # code -> [place names]
    district_centres: dict  # code -> (lat, lon)
    users: dict  # username -> User


def organisation_seed() -> DemoOrganisation:
    """Create or update the city's districts, departments, leaders and demo users."""
    districts = {}
    for order, (code, name, kind, _centre, _places) in enumerate(DISTRICTS, start=1):
        districts[code], _ = District.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "sort_order": order}
        )
    departments = {}
    for order, (code, name, short_name, head) in enumerate(DEPARTMENTS, start=1):
        departments[code], _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name,
                "head_name": head,
                "head_email": f"{code.lower()}@xmb.example.gov.cn",
                "sort_order": order,
            },
        )
    leaders = []
    for order, (name, title) in enumerate(LEADERS, start=1):
        leader, _ = Leader.objects.update_or_create(
            name=name, defaults={"title": title, "sort_order": order, "is_active": True}
        )
        leaders.append(leader)
    by_name = {leader.name: leader for leader in leaders}
    users = {}
    for username, role, full_name, link in DEMO_USERS:
        users[username], _ = user_create_or_update(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            department=departments.get(link) if role == UserRoleChoices.DEPARTMENT else None,
            district=districts.get(link) if role == UserRoleChoices.DISTRICT else None,
            leader=by_name.get(link) if role == UserRoleChoices.LEADER else None,
            full_name=full_name,
        )
    return DemoOrganisation(
        districts=districts,
        departments=departments,
        leaders=leaders,
        district_places={code: places for code, _n, _k, _c, places in DISTRICTS},
        district_centres={code: centre for code, _n, _k, centre, _p in DISTRICTS},
        users=users,
    )


def user_scope(user: User) -> str:
    """What a user sees, in words, for the demo logins table."""
    if user.sees_everything:
        return "全市 (all projects)"
    if user.department_id:
        return f"{user.department.name} ({user.department.code})"
    if user.district_id:
        return f"{user.district.name} ({user.district.code})"
    if user.leader_id:
        return f"{user.leader} 包保项目"
    return "-"


def demo_users() -> list[User]:
    usernames = [row[0] for row in DEMO_USERS]
    users = User.objects.filter(username__in=usernames).select_related("department", "district", "leader")
    order = {name: i for i, name in enumerate(usernames)}
    return sorted(users, key=lambda u: order[u.username])
