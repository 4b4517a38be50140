"""Login, lockout after repeated failures, logout, language switch."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

IP = {"REMOTE_ADDR": "10.1.2.3"}


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, **IP)


def test_login_page_is_the_portals_own_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "重点项目管理平台" in page
    assert 'name="username"' in page


def test_login_and_wrong_password(client, office_user, password):
    response = login(client, "office", "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode() or response.context["form"].errors
    response = login(client, "office", password)
    assert response.status_code == 302 and response.url == reverse("home")


def test_repeated_failures_lock_the_account_out(client, office_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "office", "wrong-password")

    response = login(client, "office", password)

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_lockout_is_per_account_and_address(client, office_user, viewer_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "office", "wrong-password")
    assert login(client, "viewer", password).status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, office_user, password):
    login(client, "office", password)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_home_is_chinese_by_default_and_english_after_the_switch(client, office_user):
    client.force_login(office_user)
    page = client.get(reverse("home")).content.decode()
    assert "重点项目" in page and "退出" in page
    assert "Log out" not in page

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302

    page = client.get(reverse("home")).content.decode()
    assert "Key projects" in page and "Log out" in page
    assert "退出" not in page
    assert "By category" in page and "分类别" not in page  # titles translated per request, not at import
