"""An account without a role (created, not yet assigned) is refused every page of the portal
(403), except logging out, changing its own password and the page that says what roles exist."""

from django.urls import get_resolver, reverse

from tests.test_every_url_needs_login import SAMPLE_ARGS, named_patterns

OPEN_TO_EVERY_ACCOUNT = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "home",
    "roles",
    "targets:public_recognitions",
}


def test_an_account_without_a_role_is_refused_every_page(client, unassigned):
    client.force_login(unassigned)
    checked = 0
    for name, pattern in named_patterns(get_resolver().url_patterns):
        if name in OPEN_TO_EVERY_ACCOUNT:
            continue
        kwargs = {key: SAMPLE_ARGS.get(key, 1) for key in pattern.pattern.converters}
        if name.startswith("emulation:import"):
            kwargs["kind"] = "participants"
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code == 403, f"{name} ({url}): {response.status_code}"
        checked += 1
    assert checked > 40
