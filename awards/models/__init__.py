from awards.models.kinds import AwardAmount, AwardKind, BaseSalary, Prerequisite, RecipientType
from awards.models.nominations import (
    AwardDecision,
    CouncilSession,
    CouncilVote,
    Nomination,
    NominationEvent,
    PrinterCalibration,
)
from awards.models.nominees import AwardRecord, DisciplinaryHold, DistinctPerson, Nominee

__all__ = [
    "AwardAmount",
    "AwardDecision",
    "AwardKind",
    "AwardRecord",
    "BaseSalary",
    "CouncilSession",
    "CouncilVote",
    "DisciplinaryHold",
    "DistinctPerson",
    "Nomination",
    "NominationEvent",
    "Nominee",
    "Prerequisite",
    "PrinterCalibration",
    "RecipientType",
]
