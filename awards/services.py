"""Workflows of the awards app that change several records at once, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards.models import AwardRecord, DistinctPerson, RecipientType


def save_nominee(nominee, *, by):
    """Normalise, validate and save a nominee (new or changed)."""
    nominee.prepare_keys()
    nominee.full_clean(exclude=["match_key", "search_key"])
    nominee._history_user = by
    nominee.save()
    return nominee


def merge_nominees(*, keep, merged, by):
    """Staff decide that two records are one person: the award history and the nominations of
    `merged` move to `keep`; `merged` stays, marked as merged, so its history is kept."""
    if keep.pk == merged.pk:
        raise ValidationError("Không thể gộp một hồ sơ với chính nó.")
    if keep.nominee_type != RecipientType.INDIVIDUAL or merged.nominee_type != keep.nominee_type:
        raise ValidationError("Chỉ gộp hai hồ sơ cá nhân.")
    if keep.merged_into_id or merged.merged_into_id:
        raise ValidationError("Một trong hai hồ sơ đã được gộp trước đó.")
    with transaction.atomic():
        records = list(AwardRecord.objects.select_for_update().filter(nominee=merged))
        kept = {
            (record.kind_id, record.year, record.decision_number)
            for record in keep.award_records.all()
        }
        for record in records:
            if (record.kind_id, record.year, record.decision_number) in kept:
                # The same award entered under both spellings: one row is enough; the merged
                # record's history table still shows it.
                record._history_user = by
                record.delete()
                continue
            record.nominee = keep
            record._history_user = by
            record.save(update_fields=["nominee"])
        for nomination in merged.nominations.select_for_update():
            nomination.nominee = keep
            nomination._history_user = by
            nomination.save(update_fields=["nominee"])
        merged.merged_into = keep
        merged.merged_at = timezone.now()
        merged.merged_by = by
        merged._history_user = by
        merged.save(update_fields=["merged_into", "merged_at", "merged_by"])
        DistinctPerson.objects.filter(first=merged).delete()
        DistinctPerson.objects.filter(second=merged).delete()
    return keep


def mark_distinct(*, first, second, by):
    """Staff decide that two records of the same name and year of birth are two people."""
    if first.pk == second.pk:
        raise ValidationError("Hai hồ sơ phải khác nhau.")
    first, second = sorted([first, second], key=lambda nominee: nominee.pk)
    pair, _created = DistinctPerson.objects.get_or_create(
        first=first, second=second, defaults={"decided_by": by}
    )
    return pair
