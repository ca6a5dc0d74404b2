"""Progress of a plan against its targets (the counting rules are in `counting.py`'s docstring).

    counting.py   the one owner of every number: ProgressCounter, compute_progress, commune_rows
    query.py      the question every output answers (plan, year, basis, scope), read one way
    views.py      the dashboard, a district's progress page, the JSON, the unit-page section
    report.py     the progress report PDF

Other apps import from here: `from targets.progress import compute_progress, Basis`.
"""

from targets.progress.counting import (
    BEHIND,
    INDICATOR_FIELDS,
    AttentionItem,
    Basis,
    CommuneRow,
    DistrictRow,
    IndicatorProgress,
    IndicatorStatus,
    NamedTargetProgress,
    NamedTargetStatus,
    Progress,
    ProgressCounter,
    Series,
    commune_rows,
    compute_progress,
    default_year,
    indicator_as_dict,
    indicator_status,
    progress_as_dict,
)

__all__ = [
    "BEHIND",
    "INDICATOR_FIELDS",
    "AttentionItem",
    "Basis",
    "CommuneRow",
    "DistrictRow",
    "IndicatorProgress",
    "IndicatorStatus",
    "NamedTargetProgress",
    "NamedTargetStatus",
    "Progress",
    "ProgressCounter",
    "Series",
    "commune_rows",
    "compute_progress",
    "default_year",
    "indicator_as_dict",
    "indicator_status",
    "progress_as_dict",
]
