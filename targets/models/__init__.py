from targets.models.appraisals import AppraisalEvent, AppraisalRequest
from targets.models.certifications import Certification, Decision, Issuer
from targets.models.commune_status import CommuneStatus, CriterionResult
from targets.models.criteria import CriteriaSet, Criterion
from targets.models.demo import DemoHistoryLoad
from targets.models.plans import (
    CommuneGroup,
    Indicator,
    NamedTarget,
    Plan,
    PlanCriteriaSet,
    PlanInUseError,
    Standard,
    YearlyTarget,
)
from targets.models.reconciliation import Reconciliation
from targets.models.report_assessment import ReportAssessment

__all__ = [
    "AppraisalEvent",
    "AppraisalRequest",
    "Certification",
    "CommuneGroup",
    "CommuneStatus",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "Decision",
    "DemoHistoryLoad",
    "Indicator",
    "Issuer",
    "NamedTarget",
    "Plan",
    "PlanCriteriaSet",
    "PlanInUseError",
    "Reconciliation",
    "ReportAssessment",
    "Standard",
    "YearlyTarget",
]
