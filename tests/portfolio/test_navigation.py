import pytest

from portfolio.navigation import navigation_for

pytestmark = pytest.mark.django_db


def test_only_the_area_of_the_current_page_is_active(department_user):
    areas = {area["key"]: area["active"] for area in navigation_for(department_user, "/projects/filing/")}
    assert areas["filing"] is True
    assert areas["projects"] is False


def test_filing_is_not_offered_to_the_office(office_user):
    keys = [area["key"] for area in navigation_for(office_user, "/")]
    assert "filing" not in keys
    assert keys[0] == "dashboard"
