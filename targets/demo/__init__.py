"""Data that is not the province's record: the demo history, synthetic data and benchmarks.

    history.py     the demo history (`load_demo_history`), shaped like the reported outcomes
    synthetic.py   synthetic units and recognitions at province and national scale
    benchmarks.py  `make bench`: the progress pages and command timed on those data

The management commands of the same names are thin wrappers. The context processor below lets
every page say, with the banner of `includes/demo_banner.html`, that the figures are invented.
"""


def demo_present():
    """Whether the demo history was loaded, so pages can say that figures are invented.

    Cached on the data version: loading or removing the demo writes records with history, so it
    is a new version; a page asks the database for the version only (issue #22)."""
    from ntm_portal.lib.data_version import cached
    from targets.models import DemoHistoryLoad

    return cached(("demo-present",), DemoHistoryLoad.objects.exists)


def demo_context(request):
    """Context processor: `demo_data_present`, evaluated only by templates that use it."""
    return {"demo_data_present": demo_present}
