"""`{% legal_bases day "decision" as bases %}`: the “Căn cứ …” texts in force on the document's
date (awards/legal_bases.py); an undated document (a blank to fill in) takes today's."""

from django import template
from django.utils import timezone

from awards.legal_bases import bases_on

register = template.Library()


@register.simple_tag
def legal_bases(day, document):
    return bases_on(day or timezone.localdate(), document)
