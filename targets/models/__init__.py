from targets.models.certifications import Certification, Decision, Issuer
from targets.models.criteria import CriteriaSet, Criterion
from targets.models.plans import Indicator, NamedTarget, Plan, Standard, YearlyTarget
from targets.models.status import AppraisalEvent, AppraisalRequest, CommuneStatus, CriterionResult

__all__ = [
    "AppraisalEvent",
    "AppraisalRequest",
    "Certification",
    "CommuneStatus",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "Decision",
    "Indicator",
    "Issuer",
    "NamedTarget",
    "Plan",
    "Standard",
    "YearlyTarget",
]
