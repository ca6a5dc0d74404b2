"""Issue #22, point 1, enumerated: every URL of the portal that accepts a POST (read from the URL
conf, not from a list) creates records (and then has a double-submit case), or uses the one
optimistic-locking mechanism on the rows it acts on — edit forms, workflow steps, delete buttons,
merges, answers to requests — or is one of the few stated exceptions. A new POST page that
forgets the version check (or a new create page without a double-submit case) fails here."""

from django.views.decorators.http import require_POST

from tests.hardening.post_actions import (
    CREATES,
    EXEMPT,
    mechanisms_of,
    post_urls,
    view_of,
)


def test_every_post_url_creates_or_checks_the_version_or_says_why_not(db):
    urls = post_urls()
    assert len(urls) > 60  # the walk found the portal's POST pages
    unchecked = sorted(
        name
        for name, pattern in urls.items()
        if name not in CREATES and name not in EXEMPT and not mechanisms_of(view_of(pattern))
    )
    assert unchecked == [], "POST pages acting on rows without the version check"
    stale = sorted((CREATES | set(EXEMPT)) - set(urls))
    assert stale == [], "listed here but no longer a POST page"
    creates_by_name = {name for name in urls if name.endswith("_create")}
    assert creates_by_name <= CREATES


def test_the_walk_tells_a_page_without_the_mechanism_from_one_with_it(db):
    """The detector itself: a POST view acting on a row without the version is found, the delete
    buttons and the reopen answers (which used to lack it) are not."""

    @require_POST
    def delete_without_version(request, pk):
        from awards.models import PrinterCalibration

        PrinterCalibration.objects.filter(pk=pk).delete()

    assert mechanisms_of(view_of(type("P", (), {"callback": delete_without_version}))) == set()
    urls = post_urls()
    for name in (
        "awards:printer_delete",
        "awards:award_record_delete",
        "targets:named_target_delete",
        "awards:nominee_merge",
        "awards:nominee_distinct",
        "emulation:reopen_request_grant",
        "emulation:reopen_request_refuse",
        "emulation:phase_criteria",
        "awards:nomination_receive",
    ):
        assert mechanisms_of(view_of(urls[name])), name
