"""Shared fixtures. Tests that need PostgreSQL, Redis or Chromium skip on the embedded default
with the reason; with PORTAL_REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails them."""

import os
import shutil
from pathlib import Path

# pytest-django's live_server runs beside Playwright's sync API in one thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

from portfolio.choices import UserRoleChoices  # noqa: E402

from .factories import PASSWORD, DepartmentFactory, DistrictFactory, LeaderFactory, UserFactory  # noqa: E402

OUTPUT_DIR = Path(settings.BASE_DIR) / "test-output"
CHROMIUM = "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (PORTAL_REQUIRE_SERVICES=1 forbids skipping)")
    pytest.skip(reason)


def uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def require_postgres():
    if not uses_postgres():
        skip_or_fail("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def require_redis():
    if not settings.REDIS_URL:
        skip_or_fail("needs Redis: set REDIS_URL")


@pytest.fixture(scope="session")
def output_dir():
    path = OUTPUT_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The production hasher is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def department():
    return DepartmentFactory(code="FGW", name="市发展和改革委员会")


@pytest.fixture
def other_department():
    return DepartmentFactory(code="GXJ", name="市工业和信息化局")


@pytest.fixture
def district():
    return DistrictFactory(code="JP", name="金普新区")


@pytest.fixture
def other_district():
    return DistrictFactory(code="CXD", name="长兴岛经济区")


@pytest.fixture
def leader():
    return LeaderFactory(name="王建国", title="副市长")


@pytest.fixture
def office_user():
    return UserFactory(username="office", role=UserRoleChoices.OFFICE, first_name="项目办")


@pytest.fixture
def viewer_user():
    return UserFactory(username="viewer", role=UserRoleChoices.VIEWER)


@pytest.fixture
def department_user(department):
    return UserFactory(username="dept", role=UserRoleChoices.DEPARTMENT, department=department)


@pytest.fixture
def district_user(district):
    return UserFactory(username="dist", role=UserRoleChoices.DISTRICT, district=district)


@pytest.fixture
def leader_user(leader):
    return UserFactory(username="leader", role=UserRoleChoices.LEADER, leader=leader)


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        skip_or_fail(f"needs Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form."""

    def _login(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login
