"""No page slips past the login: every URL of the portal sends an anonymous visitor to the login
page, except the few that say explicitly that they are public."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {"login", "targets:public_recognitions"}
SAMPLE_ARGS = {
    "pk": 1,
    "code": "910",
    "year": 2024,
    "kind": "certifications",
    "number": "1",
    "token": "x",
}


def named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_page_sends_anonymous_visitors_to_the_login_page(client, db):
    checked = 0
    for name, pattern in named_patterns(get_resolver().url_patterns):
        if name in PUBLIC:
            continue
        kwargs = {key: SAMPLE_ARGS[key] for key in pattern.pattern.converters}
        url = reverse(name, kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, f"{name} ({url}): {response.status_code}"
            assert response.url.startswith(reverse("login")), name
        checked += 1
    assert checked > 40
