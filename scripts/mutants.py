"""Mutation testing of the domain core (`make mutants`, issue #18): mutmut 3, one module at a time.

    python scripts/mutants.py                       # every module of MODULES, one after the other
    python scripts/mutants.py units/access.py       # one module
    python scripts/mutants.py --minutes=30 MODULE   # stop after 30 minutes, report what was checked
    python scripts/mutants.py --write-only          # rewrite the section from var/mutants/*.json
    python scripts/mutants.py --recheck MODULE      # the last run's survivors against today's tests
    python scripts/mutants.py --recheck --named MODULE  # only those of functions the tests name
    python scripts/mutants.py --survivors MODULE [MUTANT ...]  # those survivors (all: none named)
                                                    # against the whole selection; the run's copy
                                                    # made again when this machine has none
    python scripts/mutants.py --minutes=30 --resume MODULE  # go on with a run cut short (and its timeouts)
    python scripts/mutants.py --collect MODULE      # the results so far of a run still going
    python scripts/mutants.py --left-out MODULE     # the tests DESELECT leaves out, on the survivors

For each module the committed tree (`git archive HEAD`, so that others' unfinished edits in the
working tree are not measured) is unpacked into `var/mutants/<module>/`; a `[tool.mutmut]` section
is added to that copy's pyproject.toml: mutate only this module, run only the test files that
cover it (MODULES). mutmut copies the copy into its own `mutants/` folder, runs the selected tests
once to learn which test reaches which function, then, for each mutant, runs the tests that reach
the mutated function (two workers at most, `nice`: the machine is shared). A module of FUNCTIONS
is measured on its rule functions only (mutmut is given their names).

The test database: each pytest session mutmut starts would otherwise build an in-memory SQLite
database and apply every migration (about 10 s a mutant). This file is also a pytest plugin
(`-p scripts.mutants`): the driver prepares one SQLite file with the migrations and the reference
data before mutmut starts, and each session starts from a fresh copy of it (`--reuse-db`, so
pytest-django keeps it instead of building a new one; the suite's conftest still loads the
reference data on top, which changes nothing).

What a mutant costs: a session of one short test took 3,6 s under mutmut on 07/12/2026 (load
about 5), of which Django's `migrate` on the kept database 1,2 s (it builds every model's state
even when there is nothing to apply) and pytest's unraisable-exception plugin 0,4 s (two garbage
collections at the end); both are skipped (`_use_prepared_database`, QUIET): 1,2 s. The rest is
the tests: a mutant runs the tests that reach its function, narrowest first, until one fails,
and a survivor runs them all (counting.py: 24 s of CPU with the PDF tests only left out and the
migrate, 16 s with the page tests of DESELECT left out too and without it).

The results (counts, surviving mutants with their diffs) go to `var/mutants/<module>.json` and
to the "Mutation testing" section of docs/benchmarks.md (scripts/benchmarks_doc.py): a table with
one row per module and, per module, every surviving mutant with its diff and its explanation from
EXPLAINED below (or "open").
"""

import datetime
import fnmatch
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutants"

# Module → the test files that cover it (missing files are left out: some are being written).
# Browser tests (tests/e2e) and the slow process/backup tests are never selected.
MODULES = {
    "units/access.py": [
        "tests/units/test_access_ladder.py",
        "tests/units/test_forbidden_page.py",
        "tests/units/test_access_mutants.py",
        # The officers after 01/07/2025 (#24): a new commune's access to the units it came from.
        "tests/units/test_officers_after_the_reform.py",
        "tests/hardening/test_no_role_gets_403.py",
        "tests/emulation/test_movement_access.py",
        "tests/test_every_url_needs_login.py",
    ],
    "ntm_portal/lib/workflow.py": [
        "tests/lib/test_workflow_mutants.py",
        "tests/lib/test_workflow_stale_copy.py",
        "tests/targets/appraisals/test_workflow.py",
        "tests/targets/appraisals/test_submission.py",
        "tests/hardening/test_optimistic_locking.py",
        "tests/awards/test_nomination_workflow.py",
    ],
    # Listed narrowest first: each mutant's tests run in this order and stop at the first failure.
    "targets/progress/counting.py": [
        "tests/targets/progress/test_counting_mutants.py",
        "tests/targets/progress/test_counting_survivors.py",
        "tests/targets/progress/test_counting_district_scope.py",
        "tests/targets/progress/test_counting_commune_table.py",
        "tests/targets/progress/test_one_counting_rule_each.py",
        "tests/targets/progress/test_counting_rules.py",
        "tests/targets/progress/test_status_rule.py",
        "tests/targets/progress/test_dashboard_order.py",
        "tests/targets/progress/test_predecessors_record.py",
        "tests/targets/test_criteria_summary.py",
        "tests/targets/progress/test_acceptance.py",
        "tests/targets/progress/test_progress_pages.py",
        "tests/targets/progress/test_register_baseline.py",  # PDFs read back: last
        "tests/targets/progress/test_register_completeness.py",
    ],
    "targets/models/certifications.py": [
        "tests/targets/certifications/test_recognition_check_rules.py",
        "tests/targets/certifications/test_recognition_mutants.py",
        "tests/targets/certifications/test_rules.py",
        "tests/targets/certifications/test_issuer_rules.py",
        "tests/targets/certifications/test_revocation_and_editing.py",
        "tests/targets/certifications/test_district_ntm_warning.py",
        "tests/targets/certifications/test_incomplete_facts.py",
        "tests/targets/certifications/test_recording.py",
        "tests/targets/certifications/test_known_from_source.py",
    ],
    # The files that read documents back (the decision's PDF) last.
    "awards/services.py": [
        "tests/awards/test_council_service_rules.py",
        "tests/awards/test_council_mutants.py",
        "tests/awards/test_nomination_workflow.py",
        "tests/awards/test_award_rules.py",
        "tests/awards/test_amounts.py",
        "tests/awards/test_issuers_and_numbers.py",
        "tests/awards/test_council_and_decisions.py",
    ],
    "awards/checks.py": [
        "tests/awards/test_checks_mutants.py",
        "tests/awards/test_checks.py",
        "tests/awards/test_award_rules.py",
        "tests/awards/test_eligibility_as_the_law_says.py",
        "tests/awards/test_one_count.py",
        "tests/awards/test_one_person.py",
        "tests/awards/test_duplicates.py",
    ],
    "awards/models/nominations.py": [
        "tests/awards/test_decision_number_rules.py",
        "tests/awards/test_council_mutants.py",
        "tests/awards/test_award_rules.py",
        "tests/awards/test_amounts.py",
        "tests/awards/test_issuers_and_numbers.py",
        "tests/awards/test_kinds_entry_and_decision_page.py",
        "tests/awards/test_council_and_decisions.py",
    ],
    "ntm_portal/lib/importing.py": [
        "tests/lib/test_importing_mutants.py",
        "tests/dataio/test_column_letters.py",
        "tests/targets/imports/test_real_world_values.py",
    ],
    # The pages' files last (several requests a test).
    "targets/imports/engine.py": [
        "tests/targets/imports/test_engine_rules.py",
        # A status row's unit by the row's year (94c23e5).
        "tests/targets/imports/test_status_unit_by_year_mutants.py",
        "tests/targets/imports/test_status_unit_by_year.py",
        "tests/targets/imports/test_status_import.py",
        "tests/targets/imports/test_certification_import.py",
        "tests/targets/certifications/test_known_from_source.py",
        "tests/targets/certifications/test_incomplete_facts.py",
        "tests/targets/certifications/test_issuer_rules.py",
        "tests/targets/certifications/test_reconciled_year.py",
        "tests/targets/imports/test_bad_files.py",
        "tests/targets/imports/test_import_history.py",
        "tests/targets/imports/test_real_world_values.py",
        "tests/targets/imports/test_import_pages.py",
        "tests/targets/imports/test_import_preview_page.py",
        "tests/targets/imports/test_templates_and_commands.py",
    ],
}

# Tests left out of a module's selection (pytest --deselect), each group with why: a test
# that repeats, several seconds slower, what a narrower selected test holds, which every
# surviving mutant of the module would pay for. Checked after each run: the run's survivors
# are run against the tests left out (`--left-out`), and a kill they make would be said.
DESELECT = {
    "targets/progress/counting.py": {
        "they render a PDF and read it back; the pages' and the JSON's tests of the same files "
        "hold the same facts": [
            "tests/targets/progress/test_register_baseline.py::"
            "test_a_partial_register_says_how_much_is_missing_everywhere",
            "tests/targets/progress/test_register_completeness.py::"
            "test_after_staff_reconcile_the_final_judgement_appears_everywhere",
            "tests/targets/progress/test_register_completeness.py::"
            "test_an_unreconciled_register_is_never_judged_finally_and_every_output_agrees",
            "tests/targets/progress/test_register_completeness.py::"
            "test_the_trajectory_judgement_is_provisional_until_reconciled",
        ],
        # 7,7 s of the 36 s a survivor paid for, as much as the 81 tests of
        # test_counting_rules.py together.
        "the pages' queries with more data, about 2 s each: the counting's own queries are held "
        "with 5 and 60 units by test_counting_rules.py (test_progress_costs_a_fixed_number_of_"
        "queries, test_one_tracker_answers_a_whole_page_with_seven_queries), and what a "
        "district's commune table reads of each commune by test_counting_commune_table.py, "
        "written when --left-out found four kills of the district page's query test": [
            "tests/targets/progress/test_progress_pages.py::"
            "test_progress_pages_do_not_query_more_with_more_data",
        ],
        "who may open the pages, which the access module's tests hold (units/access.py)": [
            "tests/targets/progress/test_progress_pages.py::"
            "test_progress_pages_need_login_and_a_role",
        ],
    },
}

# Modules of which only some functions are the rules measured: module → mutmut name patterns
# (fnmatch, after the module's dotted name; methods are `xǁClassǁmethod`). The rest of such a
# module (pages, documents, display) is left out of the run and of the score.
FUNCTIONS = {
    # Recognition rules: what a decision and a recognition must satisfy, what is in force on a
    # day, the lower standard first, revocation.
    "targets/models/certifications.py": [
        "xǁDecisionǁclean__*",
        "xǁDecisionǁvalidate_among__*",
        "xǁDecisionǁcheck_rules__*",
        "xǁCertificationQuerySetǁactive_on__*",
        "xǁRegisterǁholds__*",
        "xǁRegisterǁrevoked__*",
        "xǁRegisterǁcommunes_short_of_ntm__*",
        "xǁCertificationǁis_active_on__*",
        "xǁCertificationǁcheck_rules__*",
        "xǁCertificationǁrevoke__*",
    ],
    # The council's and the decision's rules (the rest of the module is the nomination's fields).
    "awards/models/nominations.py": [
        "xǁCouncilSessionǁclean__*",
        "xǁCouncilSessionǁpasses__*",
        "xǁCouncilVoteǁclean__*",
        "xǁAwardDecisionǁnumber_taken__*",
        "xǁAwardDecisionǁclean__*",
        "xǁAwardDecisionǁtotal_amount__*",
        "x_issuer_kind_for__*",
    ],
    # The council vote, the tờ trình to the central level and the decision (merging nominees,
    # the rest of the module, is measured through awards/checks.py's duplicate rules).
    "awards/services.py": [
        "x_record_council__*",
        "x_national_passed__*",
        "x_send_to_central__*",
        "x__decision_issuer__*",
        "x__ensure_fits_decision__*",
        "x_issue_decision__*",
        "x__decide__*",
    ],
}

# Code copied beside the mutated packages so that Django and the tests find what they read.
SOURCE_PACKAGES = ["units", "targets", "awards", "emulation", "ntm_portal"]
ALSO_COPY = ["manage.py", "templates", "static", "fixtures", "locale", "docs", "scripts"]

# Surviving mutants looked at by hand: mutant name → (the changed line as mutmut's diff shows it
# after "+", the explanation). When the code moves and a name points to another change, the
# explanation is not used and the survivor is reported "open".
EXPLAINED = {
    "units.access.x_access_of__mutmut_5": (
        'if not getattr(user, "is_authenticated", None) or not user.is_active:',
        "equivalent: `not None` and `not False` are both true, for an object without "
        "`is_authenticated` the default only has to be falsy.",
    ),
    "units.access.xǁCapabilityRequiredMixinǁdispatch__mutmut_9": (
        "return super().dispatch(request, **kwargs)",
        "equivalent: no route passes positional arguments (every URL is a `path()` with named "
        "converters, there is no `re_path`).",
    ),
    "units.access.xǁCapabilityRequiredMixinǁdispatch__mutmut_10": (
        "return super().dispatch(request, *args, )",
        "equivalent today: the views read the URL's values from `self.kwargs` (set by "
        "`View.setup` before `dispatch`); only TemplateView also copies them into the context "
        "(`code` on the district progress page), and no template reads it.",
    ),
    "ntm_portal.lib.workflow.x_take_step__mutmut_7": (
        'messages.error(request, "XX XX".join(error.messages))',
        "equivalent: `ensure_can_move` raises one message, and joining one message gives it "
        "unchanged whatever the separator.",
    ),
    "ntm_portal.lib.workflow.xǁWorkflowMixinǁmove__mutmut_36": (
        "self.save(update_fields=None)",
        "equivalent since d77631a: `move` first gives the copy every value of the locked row, so "
        "saving every field writes the same values as saving the state and the step's changes "
        "(the models have no `auto_now` field, only `auto_now_add`). Before that commit it was "
        "killed by tests/lib/test_workflow_mutants.py::"
        "test_a_step_saves_only_the_state_and_keeps_what_another_person_changed_meanwhile.",
    ),
    "ntm_portal.lib.workflow.x_take_step__mutmut_43": (
        'messages.error(request, "XXChưa thực hiện được bước này: xem lỗi trong biểu mẫu bên dưới.XX")',
        "killed since 5588cfc by tests/lib/test_workflow_mutants.py::"
        "test_a_step_refused_by_its_form_says_to_look_at_the_form (the message compared "
        "exactly; checked with MUTANT_UNDER_TEST, the run above predates it).",
    ),
    "units.access.x_get_scoped_or_403__mutmut_16": (
        'raise PermissionDenied("XXĐối tượng này nằm ngoài phạm vi được phân công của bạn.XX")',
        "killed since 7aa6048 by tests/units/test_access_mutants.py::"
        "test_the_403_for_another_districts_commune_criteria_says_the_commune_is_outside_ones_scope "
        "(the message as its own paragraph; checked with MUTANT_UNDER_TEST, the run above "
        "predates it).",
    ),
    "units.access.xǁScopedObjectMixinǁget_object__mutmut_14": (
        'raise PermissionDenied("XXĐối tượng này nằm ngoài phạm vi được phân công của bạn.XX")',
        "killed since 7aa6048 by tests/units/test_access_mutants.py::"
        "test_the_403_for_another_districts_contact_page_says_the_unit_is_outside_ones_scope "
        "(the message as its own paragraph; checked with MUTANT_UNDER_TEST, the run above "
        "predates it).",
    ),
    "awards.checks.x__period_text__mutmut_3": (
        'return f"năm {first}" if (first == last) or True else f"giai đoạn {first}–{last}"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_an_open_proposal_of_the_mid_term_review_is_named_with_its_period (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_2": (
        "None,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_3": (
        "None,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_4": (
        "RULE_DUPLICATE,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_5": (
        ")",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_9": (
        "names = None",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_every_possible_duplicate_is_named_one_after_the_other (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_duplicates__mutmut_11": (
        'names = "XX; XX".join(f"{other} — hồ sơ số {other.pk}" for other in duplicates)',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_every_possible_duplicate_is_named_one_after_the_other (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_6": (
        "None,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_7": (
        "None,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_8": (
        "RULE_NTM,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_9": (
        ")",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_10": (
        'f"{nominee.display_name} không phải là một đơn vị hành chính nên không có quyết định công nhận {standard.label.upper()}.",',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_person_proposed_for_ntm_results_is_refused_as_not_an_administrative_unit (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_ntm_recognition__mutmut_16": (
        "if counter.rank_of(nominee.unit, year, None) < standard.rank:",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_ntm_results_count_from_the_standard_year_not_the_decisions_date (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_one_award__mutmut_49": (
        'Nomination.objects.filter(nominee__in=person_ids(nominee), ).exclude(pk__in=chain).exclude(kind_id__in=required).exclude(award_record__in=records).select_related("kind", "decision", "phase__movement__plan")',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_withdrawn_proposal_does_not_block_a_new_one (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_one_award__mutmut_59": (
        "break",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_proposal_of_another_year_does_not_hide_one_of_the_same_year (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_one_award__mutmut_65": (
        'facts = f"{nominee.display_name} đang được đề nghị {other.kind.name} cho thành tích {_period_text(period)} ({other.phase}, đề nghị số {other.pk}, {other.get_state_display().upper()})."',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_before_a_decision_every_refusal_says_it_cannot_be_decided (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_prerequisites__mutmut_38": (
        'held = ", ".join(str(held_year) for held_year in sorted(years)) or "XXchưa lần nàoXX"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_prerequisite_never_held_says_not_once (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_prerequisites__mutmut_39": (
        'held = ", ".join(str(held_year) for held_year in sorted(years)) or "CHƯA LẦN NÀO"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_prerequisite_never_held_says_not_once (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_recipient_and_level__mutmut_19": (
        'f"{kind.name} ({kind.get_level_display().upper()}) do tỉnh đề nghị; {_mid(nomination.district.full_name)} không đề nghị trực tiếp được.",',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_district_proposing_a_national_award_is_told_the_province_proposes_it (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_4": (
        'prefix = "Chưa trình được" if (stage == "submit") and False else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_6": (
        'prefix = "XXChưa trình đượcXX" if stage == "submit" else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_7": (
        'prefix = "chưa trình được" if stage == "submit" else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_8": (
        'prefix = "CHƯA TRÌNH ĐƯỢC" if stage == "submit" else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_10": (
        'prefix = "Chưa trình được" if stage == "XXsubmitXX" else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_11": (
        'prefix = "Chưa trình được" if stage == "SUBMIT" else "Chưa quyết định được"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_a_record_merged_into_another_is_refused_naming_the_record_kept (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_ensure_eligible__mutmut_12": (
        'prefix = "Chưa trình được" if stage == "submit" else "XXChưa quyết định đượcXX"',
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_before_a_decision_every_refusal_says_it_cannot_be_decided (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_phase_period__mutmut_2": (
        "plan = None",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_an_award_of_the_mid_term_review_covers_the_years_from_the_plans_start (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_phase_period__mutmut_3": (
        "if phase.kind != phase.Kind.MIDTERM:",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_an_open_proposal_of_the_mid_term_review_is_named_with_its_period (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_record_period__mutmut_1": (
        "return phase_period(record.phase) if (record.phase_id) and False else (record.year, record.year)",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_an_award_of_the_mid_term_review_covers_the_years_from_the_plans_start (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_prerequisites__mutmut_54": (
        "None,",
        "killed since 31ddc07 by tests/awards/test_checks_mutants.py::test_an_award_inside_the_interval_is_refused_under_the_rule_of_conditions (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "awards.checks.x_check_one_award__mutmut_10": (
        'required = set(nomination.kind.prerequisites.exclude(required_kind=None).values_list("required_kind_id", flat=None))',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_the_title_required_before_a_kind_is_not_a_second_award_for_the_same_year passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_check_one_award__mutmut_12": (
        'required = set(nomination.kind.prerequisites.exclude(required_kind=None).values_list("required_kind_id", ))',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_the_title_required_before_a_kind_is_not_a_second_award_for_the_same_year passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_check_one_award__mutmut_15": (
        'required = set(nomination.kind.prerequisites.exclude(required_kind=None).values_list("required_kind_id", flat=False))',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_the_title_required_before_a_kind_is_not_a_second_award_for_the_same_year passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_person_ids__mutmut_2": (
        'return {nominee.pk, *nominee.merged_records.values_list("pk", flat=None)}',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_a_hold_recorded_on_a_merged_record_still_blocks_the_person passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_person_ids__mutmut_4": (
        'return {nominee.pk, *nominee.merged_records.values_list("pk", )}',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_a_hold_recorded_on_a_merged_record_still_blocks_the_person passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_person_ids__mutmut_7": (
        'return {nominee.pk, *nominee.merged_records.values_list("pk", flat=False)}',
        "equivalent on the database: the ids come as one-element tuples, which Django sends as `IN ((5))`, read as `IN (5)` (checked on SQLite: tests/awards/test_checks_mutants.py::test_a_hold_recorded_on_a_merged_record_still_blocks_the_person passes on this mutant; PostgreSQL not checked).",
    ),
    "awards.checks.x_person_ids__mutmut_3": (
        "return {nominee.pk, *nominee.merged_records.values_list(flat=True)}",
        "equivalent: `values_list(flat=True)` without a field name gives the first field, the primary key.",
    ),
    "awards.checks.x_check_one_award__mutmut_6": (
        "chain = nomination.achievement_chain() if (nomination.pk) or True else set()",
        "equivalent: the checks run only on saved nominations (their page, submit, decide), so `nomination.pk` is always set.",
    ),
    "awards.checks.x_check_one_award__mutmut_18": (
        "records = [record for record in nominee.person_records().exclude(nomination_id__in=chain).exclude(kind_id__in=required).select_related(None) if record_period(record) == period]",
        "equivalent in what a user reads: a `select_related` shortened, the same refusal with more queries (no query-count test covers the checks).",
    ),
    "awards.checks.x_check_one_award__mutmut_40": (
        'Nomination.objects.filter(nominee__in=person_ids(nominee), state__in=Nomination.COUNTING_STATES).exclude(pk__in=chain).exclude(kind_id__in=required).exclude(award_record__in=records).select_related("decision", "phase__movement__plan")',
        "equivalent in what a user reads: a `select_related` shortened, the same refusal with more queries (no query-count test covers the checks).",
    ),
    "awards.checks.x_check_one_award__mutmut_41": (
        'Nomination.objects.filter(nominee__in=person_ids(nominee), state__in=Nomination.COUNTING_STATES).exclude(pk__in=chain).exclude(kind_id__in=required).exclude(award_record__in=records).select_related("kind", "phase__movement__plan")',
        "equivalent in what a user reads: a `select_related` shortened, the same refusal with more queries (no query-count test covers the checks).",
    ),
    "awards.checks.x_check_one_award__mutmut_42": (
        'Nomination.objects.filter(nominee__in=person_ids(nominee), state__in=Nomination.COUNTING_STATES).exclude(pk__in=chain).exclude(kind_id__in=required).exclude(award_record__in=records).select_related("kind", "decision", )',
        "equivalent in what a user reads: a `select_related` shortened, the same refusal with more queries (no query-count test covers the checks).",
    ),
    "awards.checks.x_check_prerequisites__mutmut_3": (
        "for prerequisite in nomination.kind.prerequisites.select_related(None):",
        "equivalent in what a user reads: a `select_related` shortened, the same refusal with more queries (no query-count test covers the checks).",
    ),
    "awards.checks.x_check_one_award__mutmut_60": (
        "if other.state == Nomination.State.DECIDED or other.decision_id:",
        "equivalent: a proposal gets its decision only by the DECIDE step (services._decide "
        "moves it to DECIDED with `decision=` in one save), and DECIDED has no step out, so a "
        "proposal with a decision is always decided.",
    ),
    "awards.checks.x_check_one_award__mutmut_61": (
        "if other.state != Nomination.State.DECIDED and other.decision_id:",
        "killed since 956a92d by tests/awards/test_checks_mutants.py::"
        "test_an_award_decided_for_a_record_merged_away_is_named_with_its_decision (checked by "
        "making the change by hand: the test fails; the run above predates it). The branch is "
        "reached when the merge of two records drops the portal's award row as a copy of the "
        "one entered by hand on the record kept.",
    ),
    "awards.checks.x_check_one_award__mutmut_62": (
        "facts = None",
        "killed since 956a92d by tests/awards/test_checks_mutants.py::"
        "test_an_award_decided_for_a_record_merged_away_is_named_with_its_decision (checked by "
        "making the change by hand: the test fails; the run above predates it).",
    ),
    "awards.checks.x__longest_run_ending__mutmut_4": (
        "while last - run not in years:",
        "killed in effect (timeout): for a person who never held the required title the loop "
        "counts down through every year without end, so the tests that reach it hang.",
    ),
    "awards.checks.x__longest_run_ending__mutmut_5": (
        "run = 1",
        "killed in effect (timeout): with `run = 1` the loop never ends once the year before is held, so the tests that reach it hang.",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_32": (
        '"XXunit_nameXX": target.unit.full_name,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_33": (
        '"UNIT_NAME": target.unit.full_name,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_36": (
        '"XXyearXX": target.year,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_37": (
        '"YEAR": target.year,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_38": (
        '"XXmetXX": target.met,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_39": (
        '"MET": target.met,',
        "killed since bae58ab by tests/targets/progress/test_counting_mutants.py::test_the_provinces_progress_for_machines_names_each_named_targets_fields (checked with MUTANT_UNDER_TEST; the run above predates the test).",
    ),
    "targets.progress.counting.x_progress_as_dict__mutmut_6": (
        '"scope": progress.scope.code if (progress.scope) or True else None,',
        "equivalent: `ProgressCounter.progress` sets the scope to `scope or self.province`, the plan's own unit (a required foreign key), so `progress.scope` is never empty.",
    ),
    "targets.progress.counting.x_commune_rows__mutmut_16": (
        'communes = [unit for unit in district.children.rural_communes().only("code", "name", "kind", "parent_id", "valid_from", "valid_to", "sort_key").order_by("sort_key", "code") if unit.exists_in(year)]',
        "equivalent in what a user reads: a field left out of `.only()` is loaded when first "
        "read, and nothing that reads a district's commune rows reads a commune's level (the "
        "rows, the at-risk list and the held standard read its name, kind, code and validity).",
    ),
    "targets.progress.counting.x_commune_rows__mutmut_74": (
        'for commune_id, planned_year, next_standard in CommuneStatus.objects.filter(commune_id__in=ids, year__lte=year).order_by("-year").values_list("commune_id", "planned_year", "next_standard"):',
        "equivalent: each commune keeps its first row (`setdefault`), and ordered by year "
        "alone, latest first, a commune's first row is still its latest year's.",
    ),
    "targets.progress.counting.x_commune_rows__mutmut_78": (
        'for commune_id, planned_year, next_standard in CommuneStatus.objects.filter(year__lte=year).order_by("commune_id", "-year").values_list("commune_id", "planned_year", "next_standard"):',
        "equivalent in what a user reads: without the filter on the district's communes the "
        "query reads every commune's plans, and only the district's are looked up (one query "
        "either way).",
    ),
    "targets.progress.counting.xǁProgressCounterǁdistricts__mutmut_2": (
        "return [unit for unit in self.children.get(self.plan.scope_id, None) if unit.level == Unit.Level.DISTRICT and unit.exists_in(year)]",
        "equivalent: the default is read only for a plan's province with no unit under it, and "
        "every province has its districts or its xã (the reference data).",
    ),
    "targets.progress.counting.xǁProgressCounterǁdistricts__mutmut_4": (
        "return [unit for unit in self.children.get(self.plan.scope_id, ) if unit.level == Unit.Level.DISTRICT and unit.exists_in(year)]",
        "equivalent, as mutant 2: every province has units under it.",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_2": (
        "unit = self.by_id.get(None, target.unit)",
        "equivalent: a named target's unit is a district or a commune of the plan's province, "
        "loaded with the target (`select_related`), the same row as the counter's copy; the "
        "one value only the copy has, `reconciled_to`, is read from the counter's copy "
        "(`reconciled_to` looks it up by id).",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_3": (
        "unit = self.by_id.get(target.unit_id, None)",
        "equivalent: a named target's unit is under the plan's province, so it is always among "
        "the counter's units and the default is never read.",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_5": (
        "unit = self.by_id.get(target.unit_id, )",
        "equivalent, as mutant 3.",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_42": (
        "elif needed >= 1 and rank < needed - 1:",
        "equivalent: for a target of rank 1 the new case asks `rank < 0`, never true, so the "
        "target stays pending as before.",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_49": (
        "district = None",
        "killed since e24a4f8 by tests/targets/progress/test_counting_mutants.py::"
        "test_a_missed_named_target_is_final_once_its_district_is_reconciled (checked by making "
        "the change by hand: the test fails; the run above predates it).",
    ),
    "targets.progress.counting.xǁProgressCounterǁnamed_target_progress__mutmut_50": (
        "district = unit if (unit.level == Unit.Level.DISTRICT) and False else self.by_id.get(unit.parent_id)",
        "killed since e24a4f8 by tests/targets/progress/test_counting_mutants.py::"
        "test_a_missed_named_target_is_final_once_its_district_is_reconciled (checked by making "
        "the change by hand: the test fails; the run above predates it).",
    ),
    "targets.progress.counting.x__held_standards__mutmut_15": (
        "recognised = issued_on < _year_end(year)",
        "killed since 8d61420 by tests/targets/progress/test_counting_mutants.py::"
        "test_the_units_the_register_implies_it_lacks_read_each_recognition_on_its_day (checked "
        "by making the change by hand: the test fails; the run above predates it).",
    ),
    "targets.progress.counting.x__held_standards__mutmut_17": (
        "if recognised or (revoked_on is None or revoked_on > reference):",
        "killed since 8d61420 by tests/targets/progress/test_counting_mutants.py::"
        "test_the_units_the_register_implies_it_lacks_read_each_recognition_on_its_day (checked "
        "by making the change by hand: the test fails; the run above predates it).",
    ),
    "targets.progress.counting.x__held_standards__mutmut_20": (
        "if recognised and (revoked_on is None or revoked_on >= reference):",
        "killed since 8d61420 by tests/targets/progress/test_counting_mutants.py::"
        "test_the_units_the_register_implies_it_lacks_read_each_recognition_on_its_day (checked "
        "by making the change by hand: the test fails; the run above predates it).",
    ),
    "targets.progress.counting.x_predecessors_record__mutmut_9": (
        'olds.sort(key=lambda old: (old.parent.sort_key if (old.parent) or True else "", old.sort_key))',
        "equivalent: every xã that ended on 30/06/2025 had its district (the reference data's "
        "xã of 2021–2025 all have a parent), so the branch without a parent is never taken.",
    ),
    "targets.progress.counting.x_predecessors_record__mutmut_10": (
        'olds.sort(key=lambda old: (old.parent.sort_key if old.parent else "XXXX", old.sort_key))',
        "equivalent, as mutant 9: no old xã is without its district.",
    ),
    "targets.progress.counting.x_predecessors_record__mutmut_18": (
        "rows = [(old, _highest_standard(old, certifications.get(old.pk, []), old.valid_to.year, None)) for old in olds]",
        "equivalent on what the rules let in: None reads as the decision basis, and an old xã "
        "is counted in the year it ended, where the two bases agree: a decision recognising it "
        "must be dated while it existed (refused otherwise, “không còn hiệu lực vào ngày quyết "
        "định”), so by 31/12 of that year it is decided, and its standard year is not after "
        "its decision's.",
    ),
    "ntm_portal.lib.importing.xǁImportReportǁname_columns__mutmut_21": (
        "error.letter = letters.get(fold(error.column), None)",
        "equivalent: a letter is only ever read as true or false (`CellError.__str__` writes it "
        "when there is one, `name_columns` fills it when there is none), and None and the "
        "empty text are both false.",
    ),
    "ntm_portal.lib.importing.xǁImportReportǁname_columns__mutmut_23": (
        "error.letter = letters.get(fold(error.column), )",
        "equivalent: `dict.get` without a default gives None, read as false like the empty "
        "text (see mutant 21).",
    ),
    "targets.models.certifications.xǁDecisionǁvalidate_among__mutmut_1": (
        "self.year = None",
        "equivalent: `check_rules`, called right after, sets the year from the date again before "
        "anything reads it (the numbers of the year), and without a date both give None.",
    ),
    "targets.models.certifications.xǁDecisionǁvalidate_among__mutmut_2": (
        "self.year = self.issued_on.year if (self.issued_on) and False else None",
        "equivalent, as mutant 1: `check_rules` sets the year from the date again.",
    ),
    "targets.models.certifications.xǁRegisterǁcommunes_short_of_ntm__mutmut_6": (
        "holding = Certification.objects.active_on(day).filter(standard__in=NTM_OR_HIGHER)",
        "equivalent: the units holding are only used to exclude them from the district's "
        "communes, so holders outside those communes exclude nothing.",
    ),
    "targets.models.certifications.xǁRegisterǁcommunes_short_of_ntm__mutmut_7": (
        "holding = Certification.objects.active_on(day).filter(unit__in=communes, )",
        "equivalent on what the rules let in: a xã can only be recognised for NTM, advanced or "
        "model (Standard.of_kind; “hoàn thành nhiệm vụ” is refused for it by "
        "Certification.check_rules), which is NTM_OR_HIGHER.",
    ),
    "targets.models.certifications.xǁRegisterǁholds__mutmut_31": (
        "holders = holders.filter(Q(decision__issued_on__lte=on) | by_decision | Q(decision__issued_on__isnull=True, standard_year__lte=on.year) | Q(decision__issued_on__isnull=False, standard_year__isnull=True))",
        "equivalent on what the rules let in: a recognition with neither a standard year nor a "
        "decision date is refused (NO_YEAR_NOR_DATE in Certification.check_rules), so the last "
        "clause only meets rows written around the rules.",
    ),
    "awards.services.x__decide__mutmut_9": (
        "ensure_eligible(current, stage=None, on=decision.issued_on)",
        'equivalent: `ensure_eligible` reads its stage once, `stage == "submit"` (“Chưa trình '
        "được”) or anything else (“Chưa quyết định được”), so None decides as “decide” does.",
    ),
    "awards.services.x__decide__mutmut_14": (
        'ensure_eligible(current, stage="XXdecideXX", on=decision.issued_on)',
        "equivalent, as mutant 9: any stage but “submit” reads as the decision.",
    ),
    "awards.services.x__decide__mutmut_15": (
        'ensure_eligible(current, stage="DECIDE", on=decision.issued_on)',
        "equivalent, as mutant 9: any stage but “submit” reads as the decision.",
    ),
    "awards.services.x_issue_decision__mutmut_11": (
        "decision.full_clean(validate_constraints=None)",
        "equivalent: Django reads the flag as true or false (`if validate_constraints:`), and "
        "None is false like False.",
    ),
    "awards.services.x_issue_decision__mutmut_12": (
        "decision.full_clean(validate_constraints=True)",
        "equivalent: the one constraint (issuer, year of the date, number) is the rule "
        "`AwardDecision.clean` already checks with the same query (`number_taken`), and Django "
        "skips a constraint over a field already in error, so a taken number is said once either "
        "way (tests/awards/test_council_service_rules.py::"
        "test_a_number_already_used_is_said_once_beside_the_number passes on this mutant, "
        "checked by making the change by hand).",
    ),
    "awards.services.x_national_passed__mutmut_3": (
        'return [nomination for nomination in Nomination.objects.filter(votes__session=session, votes__passed=True, state=Nomination.State.REVIEWED).select_related("nominee") if issuer_kind_for(nomination.kind) in IssuingBody.CENTRAL_KINDS]',
        "equivalent in what a user reads: a `select_related` shortened, the same proposals with "
        "more queries (no query-count test covers the session's page).",
    ),
    "awards.services.x_national_passed__mutmut_4": (
        'return [nomination for nomination in Nomination.objects.filter(votes__session=session, votes__passed=True, state=Nomination.State.REVIEWED).select_related("kind", ) if issuer_kind_for(nomination.kind) in IssuingBody.CENTRAL_KINDS]',
        "equivalent in what a user reads, as mutant 3.",
    ),
    "awards.services.x_national_passed__mutmut_9": (
        'return [nomination for nomination in Nomination.objects.filter(votes__session=session, state=Nomination.State.REVIEWED).select_related("kind", "nominee") if issuer_kind_for(nomination.kind) in IssuingBody.CENTRAL_KINDS]',
        "equivalent: a proposal the session did not pass moved to “không được Hội đồng thông "
        "qua” (FAIL), which has no step out, so a proposal still “reviewed” with a vote of this "
        "session passed it.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁflush__mutmut_3": (
        "bulk_create_with_history(self.new_decisions, Decision, batch_size=None, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁflush__mutmut_7": (
        "bulk_create_with_history(self.new_decisions, Decision, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁflush__mutmut_11": (
        "bulk_create_with_history(self.new_certifications, Certification, batch_size=None, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁflush__mutmut_15": (
        "bulk_create_with_history(self.new_certifications, Certification, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "targets.imports.engine.xǁStatusImporterǁflush__mutmut_3": (
        "bulk_create_with_history(self.new_statuses, CommuneStatus, batch_size=None, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "targets.imports.engine.xǁStatusImporterǁflush__mutmut_7": (
        "bulk_create_with_history(self.new_statuses, CommuneStatus, user=self.user)",
        "equivalent in what is written: `bulk_create` without a batch size takes the database's own largest batch (`connection.ops.bulk_batch_size`), so the same rows go in, in fewer or more statements.",
    ),
    "awards.services.x_record_council__mutmut_31": (
        "session=None,",
        "equivalent in what a user reads today: the proposal's session (`Nomination.session`) is "
        "read only by the session page's “đã trình Trung ương” flag, which the session's own "
        "tờ trình number also sets (the page's form requires it), and by the district scope of "
        "sessions, which no role uses (every role views sessions province-wide).",
    ),
    "awards.services.x_record_council__mutmut_35": (
        ")",
        "equivalent in what a user reads today, as mutant 31 (the session not given to the step).",
    ),
    "targets.models.certifications.xǁCertificationǁcheck_rules__mutmut_132": (
        "if self.pk or not self.is_revoked:",
        "equivalent on what the pages and imports let in: the new cases are a recognition not "
        "yet saved (no saved place, so no dependants) and a saved one being revoked, which "
        "differs only if it is revoked and moved to another unit or standard at once; the "
        "recording form has no revocation fields and the revocation form changes nothing else "
        "(targets/forms/certifications.py), and an import finds a recognition by its unit and "
        "standard.",
    ),
    "targets.models.certifications.xǁCertificationǁcheck_rules__mutmut_144": (
        'names = "XX, XX".join(Standard(c.standard).phrase for c in dependants)',
        "equivalent: a standard has one higher standard (`Standard.higher`: advanced on NTM, "
        "model on advanced) and a unit one active recognition of it, so there is never more "
        "than one dependant to join.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_106": (
        "results = {} if (is_new) and False else self.results_of[status.pk]",
        "equivalent: `results_of` is a `defaultdict(dict)`, so a new status (no id yet) finds "
        "an empty dict there too.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_16": (
        'year, code = values.get("year"), values.get("commune_code", None)',
        "equivalent: a file must carry every column's header (`check_headers` refuses it otherwise) and the code's cell is read by `text`, which refuses nothing, so a row's values always hold \"commune_code\"; the default of `get` is never taken.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_18": (
        'year, code = values.get("year"), values.get("commune_code", )',
        "equivalent: a file must carry every column's header (`check_headers` refuses it otherwise) and the code's cell is read by `text`, which refuses nothing, so a row's values always hold \"commune_code\"; the default of `get` is never taken.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_21": (
        'year, code = values.get("year"), values.get("commune_code", "XXXX")',
        "equivalent: a file must carry every column's header (`check_headers` refuses it otherwise) and the code's cell is read by `text`, which refuses nothing, so a row's values always hold \"commune_code\"; the default of `get` is never taken.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_33": (
        "held = self.units.holders(code, year) if (code) or True else []",
        "equivalent: no unit has an empty code (`Unit.code` is required, a GSO code), so the "
        'units that held "" in a year are none (`by_code.get("", [])`), as the `else` gives.',
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_78": (
        'column = self.header["commune_code" if (code) and False else "commune_name"]',
        "equivalent: the branch is reached only by a row that names its xã by name. A row with a code names either a code no unit held in the row's year (refused above) or one a unit held (`unit_of_year`); the code is then looked up on a day of the year on which that unit was valid (31/12, or its last day: on or after its first day, which is on or before 31/12) and `_one_of_code` takes a unit valid on that day, so a unit of the year; the column is therefore always “Tên xã” here.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_80": (
        'column = self.header["XXcommune_codeXX" if code else "commune_name"]',
        "equivalent: the branch is reached only by a row that names its xã by name. A row with a code names either a code no unit held in the row's year (refused above) or one a unit held (`unit_of_year`); the code is then looked up on a day of the year on which that unit was valid (31/12, or its last day: on or after its first day, which is on or before 31/12) and `_one_of_code` takes a unit valid on that day, so a unit of the year; the column is therefore always “Tên xã” here.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_81": (
        'column = self.header["COMMUNE_CODE" if code else "commune_name"]',
        "equivalent: the branch is reached only by a row that names its xã by name. A row with a code names either a code no unit held in the row's year (refused above) or one a unit held (`unit_of_year`); the code is then looked up on a day of the year on which that unit was valid (31/12, or its last day: on or after its first day, which is on or before 31/12) and `_one_of_code` takes a unit valid on that day, so a unit of the year; the column is therefore always “Tên xã” here.",
    ),
    "targets.imports.engine.xǁStatusImporterǁread_row__mutmut_92": (
        'row.unit = ""',
        "equivalent: the row has just been given an error, and nothing reads the unit of a row "
        "with an error: `Importer.apply` gives `prepare` the rows without errors, `check_rows` "
        "skips them, `apply_row` and `keep_to_scope` run only for rows without errors, and only "
        "the rows' reports leave `apply`.",
    ),
    "targets.imports.engine.xǁStatusImporterǁunit_of_year__mutmut_1": (
        "began_with = None",
        "equivalent while no two units of one code are valid on the same day (a code is reused "
        'by a unit that begins after the last one ended, DOMAIN.md "Units": the units of '
        "2021–2025 end on 30/06/2025, the new ones begin on 01/07/2025): `held` is in the order "
        "of the units' first days, and a unit before the one valid on 01/01 began "
        "earlier and, holding the code in the year, would be valid on 01/01 too; so `held[0]`, "
        "the fallback, is the unit the year began with whenever there is one.",
    ),
    "units.access.xǁScopedObjectMixinǁget_object__mutmut_2": (
        "model = self.model and self.get_queryset().model",
        "equivalent: every view built on ScopedObjectMixin sets `model`, and its `get_queryset` "
        "returns rows of that same model, so both sides give the same model.",
    ),
    "targets.imports.engine.x__standard_of_text__mutmut_1": (
        "return _standard_of_short_text(raw) if (len(raw) <= 200) and False else Standard.from_text(raw)",
        "equivalent: `_standard_of_short_text` is `Standard.from_text` behind a cache, so which of the two reads a text changes only the time.",
    ),
    "targets.imports.engine.x__standard_of_text__mutmut_2": (
        "return _standard_of_short_text(raw) if (len(raw) <= 200) or True else Standard.from_text(raw)",
        "equivalent: `_standard_of_short_text` is `Standard.from_text` behind a cache, so which of the two reads a text changes only the time.",
    ),
    "targets.imports.engine.x__standard_of_text__mutmut_4": (
        "return _standard_of_short_text(raw) if len(raw) < 200 else Standard.from_text(raw)",
        "equivalent: `_standard_of_short_text` is `Standard.from_text` behind a cache, so which of the two reads a text changes only the time.",
    ),
    "targets.imports.engine.x__standard_of_text__mutmut_5": (
        "return _standard_of_short_text(raw) if len(raw) <= 201 else Standard.from_text(raw)",
        "equivalent: `_standard_of_short_text` is `Standard.from_text` behind a cache, so which of the two reads a text changes only the time.",
    ),
    "targets.imports.engine.x__standard_of_text__mutmut_6": (
        "return _standard_of_short_text(raw) if len(raw) <= 200 else Standard.from_text(None)",
        "equivalent: no spelling of a standard is longer than 200 characters, so `from_text` finds none in such a text, and `from_text(None)` finds none either (`fold(None)` is the empty text): the cell is refused the same way, naming the standards to write.",
    ),
    "targets.imports.engine.x_choice__mutmut_1": (
        "def choice(value, choices, *, required=False):",
        "equivalent: every call passes `required` (`standard` its own, the issuer False), so the default is never used.",
    ),
    "targets.imports.engine.x_run_certifications__mutmut_1": (
        "def run_certifications(data, filename, *, user=None, commit=True, table=None):",
        "equivalent: the one caller, the pipeline (`ntm_portal/lib/dataio/pipeline.py`), always passes `commit`, so the default is never used.",
    ),
    "targets.imports.engine.x_run_import__mutmut_3": (
        "report = ImportReport(kind=None, filename=filename)",
        "equivalent: the report's kind is read nowhere (the pipeline and the pages know the kind they asked for).",
    ),
    "targets.imports.engine.x_run_import__mutmut_21": (
        "report.rows, report.file_errors = importer.apply(table, )",
        "equivalent in what is written: a preview (and, for mutant 34, a confirmed file with an error) would also run the bulk writes, inside the import's transaction, which is then rolled back (`set_rollback` for a preview or a file with errors), so nothing stays; the preview only takes longer. (A write the database refused meanwhile would then be said at the preview already: a race, not a rule.)",
    ),
    "targets.imports.engine.x_run_import__mutmut_24": (
        "transaction.set_rollback(None)",
        "equivalent: nothing is written before `flush`, and `apply` flushes only when asked (a confirm) and no row has an error, in its own atomic block rolled back on a refusal; so when the transaction of a preview or of a refused file is left to commit, it has nothing to commit (tests/targets/imports/test_engine_rules.py and the `nothing_written` checks count the rows and history rows).",
    ),
    "targets.imports.engine.x_run_import__mutmut_25": (
        "transaction.set_rollback(False)",
        "equivalent: nothing is written before `flush`, and `apply` flushes only when asked (a confirm) and no row has an error, in its own atomic block rolled back on a refusal; so when the transaction of a preview or of a refused file is left to commit, it has nothing to commit (tests/targets/imports/test_engine_rules.py and the `nothing_written` checks count the rows and history rows).",
    ),
    "targets.imports.engine.x_run_statuses__mutmut_1": (
        "def run_statuses(data, filename, *, user=None, commit=True, table=None):",
        "equivalent: the one caller, the pipeline (`ntm_portal/lib/dataio/pipeline.py`), always passes `commit`, so the default is never used.",
    ),
    "targets.imports.engine.x_standard__mutmut_6": (
        'if raw == "XXXX" and not required:',
        "equivalent: an empty optional cell then goes on to `choice(value, Standard, required=False)`, which gives the same empty value.",
    ),
    "targets.imports.engine.x_standard__mutmut_11": (
        "found = _standard_of_text(raw) if (raw) or True else None",
        'equivalent: `_standard_of_text("")` finds no standard (None), as the skipped call gives.',
    ),
    "targets.imports.engine.x_standard__mutmut_19": (
        "return choice(value, Standard, )",
        "equivalent: `choice` reads `required` only for an empty cell, and an empty optional cell has already returned above; a required one passes True, the default.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁapply_row__mutmut_124": (
        ")",
        "equivalent on what the pages and imports let in: the fields a row does not change were checked when they were recorded, so checking them again finds nothing (as a ModelForm leaves out the fields it does not show).",
    ),
    "targets.imports.engine.xǁCertificationImporterǁcheck_decision_cells__mutmut_4": (
        'number, day = values.get("decision_number", None), values.get("decision_date")',
        "equivalent: every column is in the row's values (the header check requires them all, and `text`, the number's parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁcheck_decision_cells__mutmut_6": (
        'number, day = values.get("decision_number", ), values.get("decision_date")',
        "equivalent: every column is in the row's values (the header check requires them all, and `text`, the number's parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁcheck_decision_cells__mutmut_9": (
        'number, day = values.get("decision_number", "XXXX"), values.get("decision_date")',
        "equivalent: every column is in the row's values (the header check requires them all, and `text`, the number's parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁdecision_key__mutmut_3": (
        'return ("", "XXXX", values["standard_year"])',
        "equivalent: the issuer part of a key is read only in the message about rows of one decision that disagree (`check_rows`), which rows from a source never get (the loop stops for them first), and `prepare` leaves their keys out.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁfind_decision__mutmut_32": (
        "self.decisions[self.decision_key(values)] = None",
        "equivalent: a row looks its decision up again under its key only when it states it otherwise than the row that created it (another day or signer), and `check_rows` has refused such a row already (the rows of one decision must agree); an agreeing row finds it in `checked_decisions`.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁfind_decision__mutmut_34": (
        "self.numbered[decision.number, decision.year].append(None)",
        "equivalent on what the rules let in: `numbered` lists the decisions of a number and year for `Decision.check_rules`, and a number names its issuer (…/QĐ-TTg the Prime Minister, …/QĐ-UBND the chairman, any other the other bodies; `Issuer.suffix`), so a second decision of the same number and year has the same key and is found in `decisions` before it could be created and checked against the list.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁorder__mutmut_9": (
        "rank = Standard(standard).rank if standard else 1",
        "equivalent: a row without a standard has an error (the standard is required) and is never applied; the order only decides which rows apply first.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_2": (
        'if key in ("XXunit_codeXX", "district_code"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_3": (
        'if key in ("UNIT_CODE", "district_code"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_4": (
        'if key in ("unit_code", "XXdistrict_codeXX"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_5": (
        'if key in ("unit_code", "DISTRICT_CODE"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_16": (
        "return choice(value, Issuer, required=None)",
        "equivalent: the parsers read `required` as true or false (`if required`, `not required`), and None is false like False.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_25": (
        "return year(value, required=None)",
        "equivalent: the parsers read `required` as true or false (`if required`, `not required`), and None is false like False.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁparse__mutmut_35": (
        "return date(value, required=None)",
        "equivalent: the parsers read `required` as true or false (`if required`, `not required`), and None is false like False.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_17": (
        "number__in={number for number, _, _ in dated},",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_18": (
        ")",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_20": (
        "undated = {number for number, _, day in keys if number or day is None}",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_26": (
        "found += Decision.objects.filter(issued_on__isnull=True)",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_27": (
        "found += Decision.objects.filter(number__in=undated, )",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_35": (
        "found += Decision.objects.filter(issued_on__in=unnumbered)",
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_36": (
        'found += Decision.objects.filter(number="", )',
        "equivalent: the query reads more decisions than the file names (a condition dropped or widened), each kept under its own key, which no row of the file asks for; only the time differs.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_45": (
        "self.numbered[decision.number, decision.year].append(None)",
        "equivalent on what the rules let in: `numbered` lists the decisions of a number and year for `Decision.check_rules`, and a number names its issuer (…/QĐ-TTg the Prime Minister, …/QĐ-UBND the chairman, any other the other bodies; `Issuer.suffix`), so a second decision of the same number and year has the same key and is found in `decisions` before it could be created and checked against the list.",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_49": (
        "self.reconciliations = {r.scope_id: r for r in Reconciliation.objects.select_related(None)}",
        "equivalent in what is written and said: the reconciliations' scopes are read one query each instead of with the reconciliations (no query-count test covers an import of a reconciled province).",
    ),
    "targets.imports.engine.xǁCertificationImporterǁprepare__mutmut_54": (
        'self.province_of = dict(Unit.objects.filter(level=Unit.Level.DISTRICT).values_list("pk", "parent_id")) if (self.reconciliations) or True else {}',
        "equivalent: the districts' provinces are then read when nothing is reconciled too, and not used (one query more).",
    ),
    "targets.imports.engine.xǁImporterǁapply__mutmut_1": (
        "def apply(self, table, *, write=False):",
        "equivalent: the one caller, `run_import`, always passes `write`.",
    ),
    "targets.imports.engine.xǁImporterǁapply__mutmut_34": (
        "if write or not any(row.report.errors for row in rows):",
        "equivalent in what is written: a preview (and, for mutant 34, a confirmed file with an error) would also run the bulk writes, inside the import's transaction, which is then rolled back (`set_rollback` for a preview or a file with errors), so nothing stays; the preview only takes longer. (A write the database refused meanwhile would then be said at the preview already: a race, not a rule.)",
    ),
    "targets.imports.engine.xǁImporterǁread_row__mutmut_25": (
        'raw = {key: cells[index] if (index < len(cells)) or True else "" for key, index in positions.items()}',
        "equivalent: the reader pads every data row to the width of the header row (`_table` in ntm_portal/lib/dataio/reader.py: a row stored without its last blank cells reads as one that has them), and a confirm applies the preview's table, so every column's position is within the row and the blank is never needed.",
    ),
    "targets.imports.engine.xǁImporterǁread_row__mutmut_26": (
        'raw = {key: cells[index] if index <= len(cells) else "" for key, index in positions.items()}',
        "equivalent: the reader pads every data row to the width of the header row (`_table` in ntm_portal/lib/dataio/reader.py: a row stored without its last blank cells reads as one that has them), and a confirm applies the preview's table, so every column's position is within the row and the blank is never needed.",
    ),
    "targets.imports.engine.xǁImporterǁread_row__mutmut_27": (
        'raw = {key: cells[index] if index < len(cells) else "XXXX" for key, index in positions.items()}',
        "equivalent: the reader pads every data row to the width of the header row (`_table` in ntm_portal/lib/dataio/reader.py: a row stored without its last blank cells reads as one that has them), and a confirm applies the preview's table, so every column's position is within the row and the blank is never needed.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_19": (
        "unit_code=values.get(code_key, None),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_21": (
        "unit_code=values.get(code_key, ),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_22": (
        'unit_code=values.get(code_key, "XXXX"),',
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_24": (
        "name=values.get(name_key, None),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_26": (
        "name=values.get(name_key, ),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_27": (
        'name=values.get(name_key, "XXXX"),',
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_29": (
        "district_code=values.get(district_key, None),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_31": (
        "district_code=values.get(district_key, ),",
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_32": (
        'district_code=values.get(district_key, "XXXX"),',
        "equivalent: the code, name and district columns are always in the row's values (the header check requires them, and `text`, their parser, refuses no cell), so the default is never used.",
    ),
    "targets.imports.engine.xǁImporterǁresolve_unit__mutmut_44": (
        "return None if (problems) and False else unit",
        "equivalent: a row with a problem has its error, and every later step passes over a row with errors (`check_rows`, `prepare`, `apply_row`), so the unit it would keep is never read.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_26": (
        "row.error(None, f\"chưa có bộ tiêu chí xã nông thôn mới cho năm {values['year']}.\")",
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_27": (
        'row.error("Năm", None)',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_28": (
        "row.error(f\"chưa có bộ tiêu chí xã nông thôn mới cho năm {values['year']}.\")",
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_29": (
        'row.error("Năm", )',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_30": (
        'row.error("XXNămXX", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values[\'year\']}.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_31": (
        'row.error("năm", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values[\'year\']}.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_32": (
        'row.error("NĂM", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values[\'year\']}.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_33": (
        'row.error("Năm", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values[\'XXyearXX\']}.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_34": (
        'row.error("Năm", f"chưa có bộ tiêu chí xã nông thôn mới cho năm {values[\'YEAR\']}.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_62": (
        "missing = None",
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_64": (
        'row.error(None, f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_65": (
        'row.error("Năm", None)',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_66": (
        'row.error(f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_67": (
        'row.error("Năm", )',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_68": (
        'row.error("XXNămXX", f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_69": (
        'row.error("năm", f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_70": (
        'row.error("NĂM", f"bộ tiêu chí của năm có tiêu chí {missing} mà tệp không có cột.")',
        "equivalent: no file reaches this refusal. The header check requires a column for every criterion number of every commune NTM set (`status_criteria`, the union of the sets), so a row's set never has a criterion without a column; and `CommuneStatus.criteria_set_for` falls back to the earliest set for a year before every set, so it gives None only when there is no set at all, and then the header check has already refused every TC column (“không có trong mẫu nhập”). Tried on 07/12/2026: with no set, and with a 20th criterion added, the file is refused at its header. A guard, not a rule a test can hold through the import.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_78": (
        "validate_unique=None,",
        "equivalent: Django reads the flag as true or false, and None is false like False.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_79": (
        "validate_constraints=None,",
        "equivalent: Django reads the flag as true or false, and None is false like False.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_81": (
        "validate_unique=False,",
        "equivalent: the unique constraint (one status per commune and year) is held by the import itself (a recorded status is changed, not added: `prepare`; two rows of one commune and year are refused: `check_rows`), and the check constraint (planned year not before the year) is the rule `clean` says first; Django skips a constraint over a field already in error. The database's checks cost a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_82": (
        ")",
        "equivalent: the unique constraint (one status per commune and year) is held by the import itself (a recorded status is changed, not added: `prepare`; two rows of one commune and year are refused: `check_rows`), and the check constraint (planned year not before the year) is the rule `clean` says first; Django skips a constraint over a field already in error. The database's checks cost a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_85": (
        'exclude=[field.name for field in CommuneStatus._meta.fields if field.name in ("XXcommuneXX", "criteria_set") or not (is_new or field.name in changed)],',
        "equivalent: the commune and the set are then checked as fields too, which they pass (the commune was found in the units read, the set by `criteria_set_for`); a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_86": (
        'exclude=[field.name for field in CommuneStatus._meta.fields if field.name in ("COMMUNE", "criteria_set") or not (is_new or field.name in changed)],',
        "equivalent: the commune and the set are then checked as fields too, which they pass (the commune was found in the units read, the set by `criteria_set_for`); a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_87": (
        'exclude=[field.name for field in CommuneStatus._meta.fields if field.name in ("commune", "XXcriteria_setXX") or not (is_new or field.name in changed)],',
        "equivalent: the commune and the set are then checked as fields too, which they pass (the commune was found in the units read, the set by `criteria_set_for`); a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_88": (
        'exclude=[field.name for field in CommuneStatus._meta.fields if field.name in ("commune", "CRITERIA_SET") or not (is_new or field.name in changed)],',
        "equivalent: the commune and the set are then checked as fields too, which they pass (the commune was found in the units read, the set by `criteria_set_for`); a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_92": (
        "validate_unique=True,",
        "equivalent: the unique constraint (one status per commune and year) is held by the import itself (a recorded status is changed, not added: `prepare`; two rows of one commune and year are refused: `check_rows`), and the check constraint (planned year not before the year) is the rule `clean` says first; Django skips a constraint over a field already in error. The database's checks cost a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁapply_row__mutmut_93": (
        "validate_constraints=True,",
        "equivalent: the unique constraint (one status per commune and year) is held by the import itself (a recorded status is changed, not added: `prepare`; two rows of one commune and year are refused: `check_rows`), and the check constraint (planned year not before the year) is the rule `clean` says first; Django skips a constraint over a field already in error. The database's checks cost a query each.",
    ),
    "targets.imports.engine.xǁStatusImporterǁget_columns__mutmut_1": (
        "self.criteria = None",
        "equivalent: `status_columns` reads the criteria itself when given none, and `self.criteria` is read nowhere else.",
    ),
    "targets.imports.engine.xǁStatusImporterǁget_columns__mutmut_2": (
        "return status_columns(None)",
        "equivalent: `status_columns` reads the criteria itself when given none, and `self.criteria` is read nowhere else.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_2": (
        'if key in ("XXcommune_codeXX", "district_code"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_3": (
        'if key in ("COMMUNE_CODE", "district_code"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_4": (
        'if key in ("commune_code", "XXdistrict_codeXX"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_5": (
        'if key in ("commune_code", "DISTRICT_CODE"):',
        "equivalent: a code column then falls through to the last line, `text(value)`, which is what the branch returns.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_18": (
        "return year(value, required=None)",
        "equivalent: the parsers read `required` as true or false (`if required`, `not required`), and None is false like False.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_26": (
        "return standard(value, required=None)",
        "equivalent: the parsers read `required` as true or false (`if required`, `not required`), and None is false like False.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_31": (
        'if key.startswith("XXtcXX"):',
        "equivalent: `StatusImporter.parser` gives the criteria columns `met` directly, so `parse` never sees a TC column.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_32": (
        'if key.startswith("TC"):',
        "equivalent: `StatusImporter.parser` gives the criteria columns `met` directly, so `parse` never sees a TC column.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparse__mutmut_33": (
        "return met(None)",
        "equivalent: `StatusImporter.parser` gives the criteria columns `met` directly, so `parse` never sees a TC column.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparser__mutmut_1": (
        'return met if (key.startswith("tc")) and False else super().parser(key)',
        "equivalent: without the shortcut a TC column goes to `parse`, which gives it `met` too; only slower.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparser__mutmut_4": (
        'return met if key.startswith("XXtcXX") else super().parser(key)',
        "equivalent: without the shortcut a TC column goes to `parse`, which gives it `met` too; only slower.",
    ),
    "targets.imports.engine.xǁStatusImporterǁparser__mutmut_5": (
        'return met if key.startswith("TC") else super().parser(key)',
        "equivalent: without the shortcut a TC column goes to `parse`, which gives it `met` too; only slower.",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_4": (
        "self.existing = None",
        "equivalent: `existing` stays None only when no row is valid, and then nothing reads it.",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_8": (
        ").select_related(None)",
        "equivalent in what is written and said: each recorded status's set is read when used (a query each) instead of with the statuses; no query-count test covers the status import (the 10.000-row benchmark would show it).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_11": (
        "commune_id__in={commune for commune, _ in pairs},",
        "equivalent: the query reads more statuses (of other years, or other communes), and only those of the file's (commune, year) pairs are kept.",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_12": (
        ').select_related("criteria_set")',
        "equivalent: the query reads more statuses (of other years, or other communes), and only those of the file's (commune, year) pairs are kept.",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_43": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(None, "next_standard", ""))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_45": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(self.existing.get((row.unit.pk, row.values["year"])), "next_standard", None))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_49": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(self.existing.get(None), "next_standard", ""))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_52": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(self.existing.get((row.unit.pk, row.values["year"])), "XXnext_standardXX", ""))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_53": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(self.existing.get((row.unit.pk, row.values["year"])), "NEXT_STANDARD", ""))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁStatusImporterǁprepare__mutmut_54": (
        'self.held = held_standards((row.unit, row.values["year"]) for row in rows if row.values["next_standard"] or getattr(self.existing.get((row.unit.pk, row.values["year"])), "next_standard", "XXXX"))',
        "equivalent: the held standard read for a row that leaves its recorded next standard as it is is never used: `apply_row` checks only the fields a row changes, and a row that changes the next standard states it, so the first clause reads its held standard already (45: None and the empty text are both false; 54: the held standard read for every row, one query either way).",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁ__init____mutmut_8": (
        "if unit.parent_id is not None or unit.parent_id in by_pk:",
        "equivalent: every unit's parent is among the units read (all of them), so the second condition always holds.",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁ__init____mutmut_9": (
        "if unit.parent_id is None and unit.parent_id in by_pk:",
        "equivalent in what is said: no parent is set in advance, so each is read from the database when asked (a query each), the same unit.",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁ__init____mutmut_10": (
        "if unit.parent_id is not None and unit.parent_id not in by_pk:",
        "equivalent: every unit's parent is among the units read (all of them), so the second condition always holds.",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁ__init____mutmut_22": (
        "self.scope_ids = None if scope is None else set(scope.values_list(flat=True))",
        "equivalent: `values_list(flat=True)` without a field gives the first field, the primary key.",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁfind__mutmut_1": (
        "def find(self, *, unit_code, name, district_code, headers, on=None, communes_only=True):",
        "equivalent: both callers pass `communes_only` (through `resolve_unit`), so the default is never used.",
    ),
    "targets.imports.engine.xǁUnitDirectoryǁfind__mutmut_6": (
        "district = self._one_of_code(district_code, None)",
        "equivalent on the reference data: no district's code is used by two units (the codes reused on 01/07/2025 are communes', and the province's 91, which is no district either way), so the day does not choose among several.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_5": (
        "unit = self.by_id.get(None, district)",
        "equivalent in what a user reads: the scope itself instead of the counter's copy of it, the same row; a commune's result is read for its id, level, kind, parent and validity (counts, implied units, undated recognitions), which both carry; only `reconciled_to` differs, and reconciled_to() looks the scope up by id itself.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_6": (
        "unit = self.by_id.get(district.pk, None)",
        "equivalent: the default is read only for a scope outside the counter's units, and every scope counted is a unit of the plan's province (ProgressQuery.clean_scope for the pages, progress.json and the command; the district page's district, and every district of the reference data is Kiên Giang's; a movement's participants), so it is among the counter's units.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_8": (
        "unit = self.by_id.get(district.pk, )",
        "equivalent, as mutant 6.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_19": (
        "parents = [self.plan.scope_id] + [unit.pk for unit in self.children.get(self.plan.scope_id, None) if unit.level == Unit.Level.DISTRICT]",
        "equivalent, as districts' mutant 2: the default is read only for a plan's province with no unit under it, and every province has its districts or its xã (the reference data).",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_21": (
        "parents = [self.plan.scope_id] + [unit.pk for unit in self.children.get(self.plan.scope_id, ) if unit.level == Unit.Level.DISTRICT]",
        "equivalent, as mutant 19.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_24": (
        "return [unit for parent in parents for unit in self.children.get(parent, None) if _is_rural_commune(unit) and unit.exists_in(year)]",
        "equivalent: the parents are the plan's province and its districts, or one district of it (a scope of the province, see mutant 6), and each has units under it in the reference data (a district its xã, phường or thị trấn), so the default is never read.",
    ),
    "targets.progress.counting.xǁProgressCounterǁcommunes__mutmut_26": (
        "return [unit for parent in parents for unit in self.children.get(parent, ) if _is_rural_commune(unit) and unit.exists_in(year)]",
        "equivalent, as mutant 24.",
    ),
    "targets.progress.counting.xǁProgressCounterǁrank_of__mutmut_12": (
        "rows = self.certifications.get(unit.pk, []) if (unit) or True else []",
        "equivalent for its one caller: `in_force_on` is passed only by awards.checks.check_ntm_recognition, after rank_of without it found the unit holding the standard (refused otherwise), so the unit is among the counter's units (`standing` counts only those) and the branch without it is never taken.",
    ),
    "targets.progress.counting.xǁProgressCounterǁrank_of__mutmut_14": (
        "rows = self.certifications.get(unit.pk, None) if unit else []",
        "equivalent for its one caller, as mutant 12: a unit the first check found holding a standard has recognitions, so the default is never read.",
    ),
    "targets.progress.counting.xǁProgressCounterǁrank_of__mutmut_16": (
        "rows = self.certifications.get(unit.pk, ) if unit else []",
        "equivalent, as mutant 14.",
    ),
    "targets.progress.counting.x__highest_standard__mutmut_32": (
        "if best is None or Standard(standard).rank >= Standard(best).rank:",
        "equivalent on what the rules let in: two standards of one rank are NTM and “completed” (rank 1), and a unit can be recognised for only one of them (Standard.of_kind: NTM for a xã or a huyện, “completed” for a thị xã or a city; Certification.check_rules refuses the other), so a later row of the same rank is the same standard.",
    ),
    "targets.progress.counting.x_indicator_status__mutmut_2": (
        "def indicator_status(*, actual, target, baseline, recorded_baseline=None, start=None, final=False, reconciled=False):",
        "equivalent: the default is never read; the one caller, indicator_progress, always passes `reconciled`, and the tests that call the rule directly judge no final year (`final` False).",
    ),
    "targets.progress.counting.xǁProgressCounterǁimplied_units__mutmut_31": (
        "if rank > standard.rank and not own & held.get(unit.pk, set()):",
        "equivalent on what the rules let in: with `rank == standard.rank` the unit's highest standard is one of that rank, which is the indicator's own standard (`own`; for rank 1 of a district both NTM and “completed”; a xã cannot hold “completed”, see _highest_standard's mutant 32), and the rows `held` reads are those that gave the rank, so `own & held` is never empty and nothing is found.",
    ),
    "targets.progress.counting.xǁProgressCounterǁimplied_units__mutmut_35": (
        "if rank >= standard.rank and not own & held.get(unit.pk, None):",
        "equivalent: the default is read only after `rank >= standard.rank` (≥ 1), and a unit with a rank has recognitions, so it is in `held`.",
    ),
    "targets.progress.counting.xǁProgressCounterǁimplied_units__mutmut_37": (
        "if rank >= standard.rank and not own & held.get(unit.pk, ):",
        "equivalent, as mutant 35.",
    ),
    "targets.progress.counting.xǁProgressCounterǁreconciled_to__mutmut_6": (
        'years = [getattr(self.province, "reconciled_to", )]',
        "equivalent: the province is the plan's own unit, loaded by the counter's query (`pk=root`) with the `reconciled_to` annotation (None when not reconciled), so the attribute is always there.",
    ),
    "targets.progress.counting.xǁProgressCounterǁreconciled_to__mutmut_17": (
        'years.append(getattr(self.by_id.get(scope.pk, scope), "reconciled_to", ))',
        "equivalent: every scope counted is a unit of the plan's province (ProgressQuery.clean_scope for the pages, progress.json and the command; the district page's district, and every district of the reference data is Kiên Giang's; a movement's participants), so it is among the counter's units, each loaded with the `reconciled_to` annotation, so the attribute is always there.",
    ),
    "targets.progress.counting.xǁProgressCounterǁreconciled_to__mutmut_19": (
        'years.append(getattr(self.by_id.get(scope.pk, None), "reconciled_to", None))',
        "equivalent: the default is read only for a scope outside the counter's units, and every scope counted is a unit of the plan's province (ProgressQuery.clean_scope for the pages, progress.json and the command; the district page's district, and every district of the reference data is Kiên Giang's; a movement's participants), so it is among the counter's units.",
    ),
    "targets.progress.counting.xǁProgressCounterǁreconciled_to__mutmut_21": (
        'years.append(getattr(self.by_id.get(scope.pk, ), "reconciled_to", None))',
        "equivalent, as mutant 19.",
    ),
    "targets.progress.counting.xǁProgressCounterǁ__init____mutmut_8": (
        '.order_by("sort_key", )',
        "equivalent in what a user reads: the code only breaks ties of the name's sort key among the units under one parent (the lists the counter keeps), and the reference data has one such tie, xã Vĩnh Thuận (31069) and thị trấn Vĩnh Thuận (31051) in huyện Vĩnh Thuận; a thị trấn is not counted (only xã are), so every list counted keeps its order (the districts' have no tie).",
    ),
    "units.access.x_access_of__mutmut_31": (
        'access = data_version.cached(("XXaccessXX", user.pk), lambda: _assigned_access(user.pk))',
        "equivalent: the key's first part only has to differ from the other names cached on the data version with the user's id or otherwise (ntm_portal/lib/data_version.py `cached`: “progress-dashboard”, “progress-district”, “demo-present”, “nominee-duplicate-count”), and “XXaccessXX” differs from each as “access” does; a test that two things cached for one user and version do not collide passes on it too.",
    ),
    "units.access.x_access_of__mutmut_32": (
        'access = data_version.cached(("ACCESS", user.pk), lambda: _assigned_access(user.pk))',
        "equivalent: the key's first part only has to differ from the other names cached on the data version with the user's id or otherwise (ntm_portal/lib/data_version.py `cached`: “progress-dashboard”, “progress-district”, “demo-present”, “nominee-duplicate-count”), and “ACCESS” differs from each as “access” does; a test that two things cached for one user and version do not collide passes on it too.",
    ),
    "units.access.x_earlier_units_of__mutmut_13": (
        "step = [each for each in step if each not in found or each != unit]",
        "equivalent in what a user can do or read: the unit asked is never its own predecessor (a succession's old unit ends before the new one starts, UnitSuccession.clean), so `each != unit` is always true and the mutant only stops leaving out a unit already found: a unit reached by two paths is listed twice (and its predecessors read again). `earlier_units` is read only as `scope_units` in ScopedQuerySet.for_user, an OR of each unit's condition, where a repeated condition selects the same rows, and no page lists it.",
    ),
}

SECTION = "mutants"
GOAL = 90.0
# A module with more open survivors than this lists them by name only (the diffs of hundreds
# of survivors would bury the section).
LISTED = 40
# mutmut's workers: two at most, at niceness 15 (the machine's two cores are shared).
CHILDREN = 2
NICE = 15
# mutmut stops a mutant's tests after (their time in the clean run + this many seconds) × 15 of
# wall clock (twice that of CPU) and counts it as a timeout, not killed. With its default, 1 s,
# the pauses others make on this shared machine to take timings (SIGSTOP, a few minutes) ended
# mutants whose tests take a second or two: two of engine.py on 07/12/2026. With 20 s a mutant
# has five minutes more; a real endless loop is stopped that much later.
TIMEOUT_CONSTANT = 20
# pytest's plugin for exceptions raised where nothing can catch them (`__del__`) runs the
# garbage collector twice at the end of every session (0,4 s a mutant); they would only be
# warnings here (no `filterwarnings = error`), which decide nothing.
QUIET = ["-p", "no:unraisableexception"]


# --- pytest plugin (loaded with `-p scripts.mutants` in mutmut's copy) -----------------------


def pytest_configure(config):
    """Every pytest session under mutmut starts from a fresh copy of the prepared database, its
    own: with two workers, two sessions sharing one file would lock each other out, and a test
    failing on "database is locked" would count its mutant as killed."""
    pristine = os.environ.get("NTM_MUTANTS_PRISTINE_DB")
    if not pristine:
        return
    target = f"{os.environ['NTM_MUTANTS_TEST_DB']}.{os.getpid()}"
    shutil.copyfile(pristine, target)
    config._ntm_mutants_db = target
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = target


def pytest_sessionstart(session):
    """The copy already holds the reference data, loaded by the same command at the same
    commit (`prepare_database`); the suite's conftest would load it again in every session,
    about half of a short session's time."""
    if not os.environ.get("NTM_MUTANTS_PRISTINE_DB"):
        return
    from django.db.backends.base.creation import BaseDatabaseCreation

    from units.management.commands import load_reference_data

    load_reference_data.Command.handle = lambda self, *args, **options: None
    BaseDatabaseCreation.create_test_db = _use_prepared_database


def _use_prepared_database(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    """`create_test_db` for the session's copy of the prepared database: its tables are those of
    the same commit's migrations, so the `migrate` Django runs even on a kept database (it
    builds every model's state, about 1,2 s of a short session) would find nothing to do."""
    from django.conf import settings
    from django.core.management import call_command

    name = self._get_test_db_name()
    self.connection.close()
    settings.DATABASES[self.connection.alias]["NAME"] = name
    self.connection.settings_dict["NAME"] = name
    if serialize:
        self.connection._test_serialized_contents = self.serialize_db_to_string()
    call_command("createcachetable", database=self.connection.alias)
    self.connection.ensure_connection()
    return name


def pytest_collection_modifyitems(session, config, items):
    """The module's test files in the order MODULES lists them (the narrow *_mutants.py and
    one-rule files first, the pages and PDF tests last): mutmut stops a mutant's session at the
    first failing test (`-x`), so a mutant a narrow test kills costs that test, not the PDFs."""
    order = os.environ.get("NTM_MUTANTS_TEST_ORDER")
    if not order:
        return
    paths = order.split("|")

    def rank(item):
        nodeid = item.nodeid.removeprefix("mutants/")
        for index, path in enumerate(paths):
            if nodeid.startswith((path + "::", path.rstrip("/") + "/")):
                return index
        return len(paths)

    items.sort(key=rank)  # stable: a file's tests keep their order
    first = os.environ.get("NTM_MUTANTS_FIRST")
    if first:
        # A recheck: the tests whose docstring names the mutated function first.
        items.sort(
            key=lambda item: f"{first}:" not in (getattr(item.function, "__doc__", "") or "")
        )


def pytest_unconfigure(config):
    target = getattr(config, "_ntm_mutants_db", None)
    if target and os.path.exists(target):
        os.remove(target)


# --- the driver ------------------------------------------------------------------------------


def slug(module):
    return module.removesuffix(".py").replace("/", ".")


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def export_tree(work):
    """The committed tree at HEAD, unpacked into `work` (which is emptied first)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive.stdout, check=True)


def patterns(module):
    """mutmut's name patterns for a module measured on some functions only (none: all)."""
    return [f"{slug(module)}.{pattern}" for pattern in FUNCTIONS.get(module, [])]


def measured(name, module):
    wanted = patterns(module)
    return not wanted or any(fnmatch.fnmatch(name, pattern) for pattern in wanted)


def toml_list(items):
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def left_out(module):
    """The tests DESELECT leaves out of the module's selection."""
    return [test for tests in DESELECT.get(module, {}).values() for test in tests]


def deselected(module):
    return [arg for test in left_out(module) for arg in ("--deselect", test)]


def configure(work, module, tests):
    config = f"""
[tool.mutmut]
source_paths = {toml_list(SOURCE_PACKAGES)}
only_mutate = {toml_list([module])}
also_copy = {toml_list(ALSO_COPY)}
pytest_add_cli_args = {toml_list(["-p", "scripts.mutants", "--reuse-db", *QUIET, *deselected(module)])}
pytest_add_cli_args_test_selection = {toml_list(tests)}
use_git_change_detection = false
timeout_constant = {TIMEOUT_CONSTANT}
"""
    pyproject = work / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + config, encoding="utf-8")


def unwrap(path):
    """mutmut 3.8.1 writes invalid code when it removes the `not` of a condition that the
    formatter split over several lines (`if (\n not a\n .b()\n):` loses its brackets). The
    copy of the module is reformatted with long lines first: same code, conditions on one line."""
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", "--line-length", "250", str(path)],
        check=True,
    )


def prepare_database(work, env):
    """Migrations and reference data, once, into the file each session copies; kept for the
    next module while the code is the same (a commit of tests, docs or scripts only)."""
    pristine = work / "pristine.sqlite3"
    code = [
        line
        for line in git("ls-tree", "-r", "HEAD").splitlines()
        if not line.split("\t", 1)[1].startswith(("tests/", "docs/", "scripts/"))
    ]
    kept = WORK / f"pristine-{hashlib.sha1(chr(10).join(code).encode()).hexdigest()[:12]}.sqlite3"
    if kept.exists():
        shutil.copyfile(kept, pristine)
        return pristine
    manage_env = {**env, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{pristine}"}
    for command in (["migrate", "--no-input", "-v0"], ["load_reference_data", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=work,
            env=manage_env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    shutil.copyfile(pristine, kept)
    return pristine


def load_average():
    return os.getloadavg()[0]


def unchecked(work, module):
    """The measured mutants of the module's last run that it did not reach (cut short), and those
    it ended as timeouts, which a pause of the machine makes (see TIMEOUT_CONSTANT)."""
    from mutmut.stats import status_by_exit_code

    meta = json.loads((work / "mutants" / f"{module}.meta").read_text(encoding="utf-8"))
    return sorted(
        (
            name
            for name, code in meta["exit_code_by_key"].items()
            if status_by_exit_code[code] in {"not checked", "timeout"} and measured(name, module)
        ),
        key=mutant_order,
    )


def with_timeout_constant(work):
    """A run begun before TIMEOUT_CONSTANT goes on with it (its [tool.mutmut] table is the last
    of the copy's pyproject.toml: `configure`)."""
    pyproject = work / "pyproject.toml"
    config = pyproject.read_text(encoding="utf-8")
    if "\ntimeout_constant = " not in config:
        pyproject.write_text(config + f"timeout_constant = {TIMEOUT_CONSTANT}\n", encoding="utf-8")


def run_module(module, minutes=None, resume=False):
    work = WORK / slug(module)
    started = work / "run.json"
    env = session_environment(work)
    if resume:
        # The run cut short goes on in its own copy, on the same commit's code and tests, with
        # the mutants it did not reach; what it measured is kept (mutmut's .meta files).
        if not started.exists() or not (work / "mutants" / f"{module}.meta").exists():
            sys.exit(f"{module}: no run to resume in {work}.")
        run = json.loads(started.read_text(encoding="utf-8"))
        commit, tests = run["commit"], run["tests"]
        if git("diff", "--name-only", commit, "HEAD", "--", module):
            sys.exit(f"{module} changed since {commit}: run it again instead.")
        names = unchecked(work, module)
        with_timeout_constant(work)
    else:
        commit, tests = prepare_run(work, module, env)
        names = patterns(module)
    env["NTM_MUTANTS_TEST_ORDER"] = "|".join(tests)
    loads = [load_average()]
    started_at = time.monotonic()
    log = work / "mutmut.log"
    print(f"{module}: mutmut on {commit} with {len(tests)} test paths (log: {log})", flush=True)
    with log.open("w", encoding="utf-8") as out:
        if resume and not names:
            sys.exit(f"{module}: its last run checked every mutant; nothing to resume.")
        process = subprocess.Popen(
            [
                "nice",
                "-n",
                str(max(0, NICE - os.nice(0))),
                sys.executable,
                "-m",
                "mutmut",
                "run",
                "--max-children",
                str(CHILDREN),
                *names,
            ],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            returncode = process.wait(timeout=minutes * 60 if minutes else None)
        except subprocess.TimeoutExpired:
            # mutmut stops its worker on Ctrl-C and keeps what it measured; the rest is
            # reported "not checked" and the row says the run was cut short.
            # mutmut 3.8.1 in fork mode does not always stop on Ctrl-C: then SIGTERM; each
            # mutant's verdict is saved as soon as it is known, so nothing measured is lost.
            process.send_signal(signal.SIGINT)
            try:
                returncode = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.terminate()
                returncode = process.wait()
    loads.append(load_average())
    meta = work / "mutants" / f"{module}.meta"
    if returncode != 0 and not (minutes and meta.exists()):
        sys.exit(f"{module}: mutmut stopped with exit code {returncode}; see {log}")
    elapsed = (time.monotonic() - started_at) / 60
    return finish(work, module, commit, tests, elapsed, loads, resume)


def prepare_run(work, module, env):
    """The run's copy of the committed tree in `work`, configured for the module, with its
    prepared database: (commit, the module's test files committed)."""
    commit = git("rev-parse", "--short", "HEAD")
    export_tree(work)
    tests = [path for path in MODULES[module] if (work / path).exists()]  # committed only
    configure(work, module, tests)
    unwrap(work / module)
    (work / "run.json").write_text(json.dumps({"commit": commit, "tests": tests}), encoding="utf-8")
    prepare_database(work, env)  # into the copy's pristine.sqlite3 (session_environment)
    return commit, tests


def generate_mutants(module, commit):
    """The copy of a saved run (its mutated module, `mutants/`) made again on a machine without
    it (var/mutants is not kept), for the module's code of the run: mutmut's generation step
    only, no test run. The mutants' names are those of the run as long as the module's code is
    the same."""
    if git("diff", "--name-only", commit, "HEAD", "--", module):
        sys.exit(f"{module} changed since its run at {commit}: run it again instead.")
    work = WORK / slug(module)
    print(f"{module}: the run's copy made again at HEAD (mutants only, no run)", flush=True)
    prepare_run(work, module, session_environment(work))
    script = (
        "import os\n"
        "from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, "
        "setup_source_paths\n"
        "from mutmut.mutation.trampoline import set_mutant_under_test\n"
        'set_mutant_under_test("mutant_generation")\n'
        'os.makedirs("mutants", exist_ok=True)\n'
        "copy_src_dir()\n"
        "copy_also_copy_files()\n"
        "setup_source_paths()\n"
        f"create_mutants({CHILDREN})\n"
    )
    subprocess.run(
        ["nice", "-n", str(max(0, NICE - os.nice(0))), sys.executable, "-c", script],
        cwd=work,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def collect_only(module):
    """The results so far of a run still going or stopped by hand (its mutmut process is left
    alone): the minutes since the run started, the load now."""
    work = WORK / slug(module)
    started = work / "run.json"
    if not started.exists() or not (work / "mutants" / f"{module}.meta").exists():
        sys.exit(f"{module}: no run in {work}.")
    run = json.loads(started.read_text(encoding="utf-8"))
    elapsed = (time.time() - started.stat().st_mtime) / 60
    return finish(work, module, run["commit"], run["tests"], elapsed, [load_average()], False)


def finish(work, module, commit, tests, elapsed, loads, resume):
    result = collect(work, module)
    before = saved_results().get(module)
    if before:
        # Survivors killed since the first recorded run, carried from run to run. Mutants are
        # compared by their change, not their name: a name moves when the function changes.
        still = {change(survivor) for survivor in result["survivors"]}
        since = before.get("killed_since") or {"commit": before["commit"], "names": []}
        gone = [s["name"] for s in before["survivors"] if change(s) not in still]
        result["killed_since"] = {
            "commit": since["commit"],
            "names": sorted(set(since["names"]) | set(gone), key=mutant_order),
        }
    if resume and before and before["commit"] == commit:
        elapsed += before["minutes"]  # the run's first part
        loads.append(before["load"])
    if before and before["commit"] == commit and before.get("left_out_check"):
        # The same run, collected again: its survivors already run on the tests left out.
        result["left_out_check"] = before["left_out_check"]
    result.update(
        module=module,
        functions=FUNCTIONS.get(module, []),
        tests=tests,
        deselected=left_out(module),
        left_out=DESELECT.get(module, {}),
        commit=commit,
        date=today(),
        run_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        minutes=round(elapsed, 1),
        load=round(max(loads), 2),
    )
    (WORK / f"{slug(module)}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return result


def session_environment(work):
    """The environment of the module's test sessions in its copy `work`: this one's less the
    portal's database settings, with the copy's prepared database (`prepare_database`) and the
    session's test database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG"}}
    env["NTM_MUTANTS_PRISTINE_DB"] = str(work / "pristine.sqlite3")
    env["NTM_MUTANTS_TEST_DB"] = str(work / "test.sqlite3")
    return env


def run_mutant(copy, command, env, mutant, **extra):
    """The exit code of the test session `command` in the run's copy with `mutant` active
    (`MUTANT_UNDER_TEST`, as mutmut runs it; "" for none), niced: 1 when a test kills it."""
    return subprocess.run(
        ["nice", "-n", str(max(0, NICE - os.nice(0))), *command],
        cwd=copy,
        env={**env, "MUTANT_UNDER_TEST": mutant, **extra},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode


def session_command(tests, module=None):
    return [sys.executable, "-m", "pytest", "-p", "scripts.mutants", "--reuse-db", "-x", "-q"] + [
        "-p",
        "no:cacheprovider",
        *QUIET,
        *deselected(module),
        *tests,
    ]


def check_left_out(module):
    """The tests DESELECT leaves out of the module's selection, run on each survivor of its last
    run (`MUTANT_UNDER_TEST`, as mutmut runs a mutant, in the run's own copy): a survivor one of
    them kills is a kill that leaving them out loses. Kept in the result, said in the section."""
    work = WORK / slug(module)
    copy = work / "mutants"
    path = WORK / f"{slug(module)}.json"
    tests = left_out(module)
    if not tests or not path.exists() or not copy.exists():
        sys.exit(f"{module}: no run of this machine in {work}, or no test left out.")
    result = json.loads(path.read_text(encoding="utf-8"))
    # A run collected while going on (`--collect`): its survivors checked before are not run again.
    check = result.get("left_out_check") or {"checked": [], "killed": []}
    env = session_environment(work)
    command = session_command(tests)
    killed = list(check["killed"])
    checked = list(check["checked"])
    for survivor in result["survivors"]:
        if survivor["name"] in checked:
            continue
        returncode = run_mutant(copy, command, env, survivor["name"])
        print(f"  {survivor['name']}: {'killed' if returncode == 1 else 'survives'}", flush=True)
        checked.append(survivor["name"])
        if returncode == 1:
            killed.append(survivor["name"])
    result["left_out_check"] = {
        "date": today(),
        "survivors": len(result["survivors"]),
        "checked": checked,
        "killed": killed,
    }
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def recheck(module, named=False, names=None):
    """The survivors of the module's last run, each run again against the module's test files
    changed since, or added to its selection since (committed; `MUTANT_UNDER_TEST`, as mutmut
    runs a mutant, in the run's own copy): the tests written for them are measured without a
    new run of every mutant.

    With `names` (`--survivors`): only those survivors (every open one when the list is empty),
    each against the module's whole selection. When this machine has no copy of the run, it is
    made again from the committed tree (`generate_mutants`: the mutants, no run), which needs
    the module's code unchanged since the run."""
    work = WORK / slug(module)
    copy = work / "mutants"
    result = saved_results().get(module)
    if result is None:
        sys.exit(f"{module}: no run to recheck; run `make mutants MODULE={module}`.")
    if not copy.exists() and names is not None:
        generate_mutants(module, result["commit"])
    if not copy.exists():
        sys.exit(f"{module}: no run to recheck in {work}; run `make mutants MODULE={module}`.")
    commit = git("rev-parse", "--short", "HEAD")
    archive = subprocess.run(
        # the tests, and this plugin (the order of a recheck's tests)
        ["git", "archive", "HEAD", "tests", "scripts/mutants.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(["tar", "-x", "-C", str(copy)], input=archive.stdout, check=True)
    # Only the test files changed since the run, or added to the module's selection since: the
    # others already ran on every survivor.
    changed = set(git("diff", "--name-only", result["commit"], "HEAD", "--", "tests").split())
    tests = [
        path
        for path in MODULES[module]
        if (copy / path).exists()
        and (
            names is not None
            or path not in result["tests"]
            or any(name == path or name.startswith(path.rstrip("/") + "/") for name in changed)
        )
    ]
    if not tests:
        sys.exit(f"{module}: no test file of the module changed or added since {result['commit']}.")
    env = session_environment(work)
    env["NTM_MUTANTS_TEST_ORDER"] = "|".join(tests)
    command = session_command(tests, module)

    def run(mutant):
        function = mutant.rpartition("__mutmut_")[0].rpartition(".")[2].rpartition("ǁ")[2]
        first = function.removeprefix("x_") if mutant else ""
        return run_mutant(copy, command, env, mutant, NTM_MUTANTS_FIRST=first)

    if run("") != 0:
        sys.exit(f"{module}: the tests fail without a mutant in {copy}; nothing rechecked.")
    killed, checked = [], []
    # --named: only the survivors whose function the changed tests name (their docstrings say
    # which mutants they were written for); the others stay counted as survived. For a module
    # with hundreds of survivors, where running every survivor again would take an hour.
    texts = "\n".join((copy / path).read_text(encoding="utf-8") for path in tests) if named else ""
    short = {name.rpartition(".")[2] for name in names or []}
    unknown = short - {survivor["name"].rpartition(".")[2] for survivor in result["survivors"]}
    if unknown:
        sys.exit(f"{module}: not survivors of its saved result: {', '.join(sorted(unknown))}")
    for survivor in result["survivors"]:
        if names and survivor["name"].rpartition(".")[2] not in short:
            continue
        if explanation(survivor).startswith("equivalent"):
            continue  # explained: no test can tell it from the code
        function = survivor["name"].rpartition("__mutmut_")[0].rpartition(".")[2]
        if named and function not in texts:
            continue
        try:
            returncode = run(survivor["name"])
        except KeyboardInterrupt:
            # Stopped by hand (Ctrl-C): what was rechecked is kept, the rest stays survived.
            print("  stopped: the survivors not rechecked stay counted as survived", flush=True)
            break
        print(f"  {survivor['name']}: {'killed' if returncode == 1 else 'survives'}", flush=True)
        checked.append(survivor["name"])
        if returncode == 1:
            killed.append(survivor)
    for survivor in killed:
        result["counts"][survivor["status"]] -= 1
        result["counts"]["killed"] = result["counts"].get("killed", 0) + 1
    result["survivors"] = [s for s in result["survivors"] if s not in killed]
    names = [s["name"] for s in killed]
    since = result.get("killed_since") or {"commit": result["commit"], "names": []}
    result["killed_since"] = {
        "commit": since["commit"],
        "names": sorted(set(since["names"]) | set(names), key=mutant_order),
    }
    if result.get("rechecked"):
        # The rechecks of the same run before this one, each said in the section.
        result["rechecked_before"] = [*result.get("rechecked_before", []), result["rechecked"]]
    result["rechecked"] = {
        "commit": commit,
        "date": today(),
        "killed": len(killed),
        "tests": tests,
        "named": named,
        "survivors": None if names is None else len(checked),
    }
    (WORK / f"{slug(module)}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return result


def collect(work, module):
    from mutmut.stats import status_by_exit_code

    meta = json.loads((work / "mutants" / f"{module}.meta").read_text(encoding="utf-8"))
    statuses = {
        name: status_by_exit_code[code]
        for name, code in meta["exit_code_by_key"].items()
        if measured(name, module)
    }
    counts = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    survivors = []
    for name in sorted(statuses, key=mutant_order):
        if statuses[name] in {"killed", "not checked"}:
            continue
        diff = subprocess.run(
            [sys.executable, "-m", "mutmut", "show", name],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        diff = "\n".join(line for line in diff.splitlines() if not line.startswith("# "))
        survivors.append({"name": name, "status": statuses[name], "diff": diff.strip()})
    return {"counts": counts, "total": len(statuses), "survivors": survivors}


def change(survivor):
    """What a mutant changes: the function's name and the lines its diff adds and removes."""
    function = survivor["name"].rpartition("__mutmut_")[0]
    lines = survivor["diff"].splitlines()
    return function, tuple(x.strip() for x in lines if x[:2] in {"+ ", "- "})


def mutant_order(name):
    function, _, number = name.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def today():
    from benchmarks_doc import today as portal_today

    return portal_today()


def score(result):
    """Killed over the mutants checked (a run cut short by --minutes leaves some unchecked)."""
    killed = result["counts"].get("killed", 0)
    checked = result["total"] - result["counts"].get("not checked", 0)
    return 100.0 * killed / checked if checked else 0.0


def explanation(survivor):
    explained = EXPLAINED.get(survivor["name"])
    if explained:
        line, text = explained
        diff = survivor["diff"].splitlines()
        # A line of the diff, not its header (`+++ file`); a `def` line has no indent after "+".
        added = [x[1:].strip() for x in diff if x.startswith("+") and not x.startswith("+++")]
        # The first added line; for a mutant that only removes lines, the first removed one.
        changed = added or [
            x[1:].strip() for x in diff if x.startswith("-") and not x.startswith("---")
        ]
        if line.strip() in changed:
            return text
        return "open (an explanation was written for another change under this name)"
    if survivor["status"] == "timeout":
        return "open: timeout (the tests ran longer than mutmut's limit; counted as not killed)"
    if survivor["status"] == "no tests":
        return "open: no selected test reaches this function"
    return "open"


def markdown(results):
    machine = f"{platform.node()} ({platform.machine()}), {os.cpu_count()} CPUs"
    lines = [
        "## Mutation testing (`make mutants`)",
        "",
        "Generated by `make mutants` (scripts/mutants.py): mutmut "
        f"{mutmut_version()}, one module at a time on the committed tree, {CHILDREN} workers at "
        f"most at niceness 15 or more (`nice -n 19` on a busy machine), on {machine}. A mutant is one small change of the module's code (an "
        "operator, a constant, a condition); it is killed when a test of the module's test "
        "files fails. Score = killed / mutants checked; timeouts and mutants no selected test reaches "
        f"count as not killed. Goal: {GOAL:.0f} % or more in every module, each survivor killed "
        "by a test or explained below. `make mutants MODULE=units/access.py` measures one module "
        "and keeps the others' rows; `MINUTES=30` stops a module's run after that long and "
        "reports the mutants checked so far; `RECHECK=1` runs the last run's survivors again "
        "against the module's test files changed or added since; `RESUME=1` goes on with a run cut short "
        "(in its own copy, the same commit's code and tests, the mutants it did not reach). "
        "A module marked with its functions is "
        "measured on those functions only (its rules; the rest of it is pages and display).",
        "",
        "| module | mutants | killed | survived | timeout | no tests | score | date | commit "
        "| minutes | machine load (1 min, max) |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for module in MODULES:
        result = results.get(module)
        if result is None:
            lines.append(f"| `{module}` | not measured yet | | | | | | | | | |")
            continue
        counts = result["counts"]
        verdict = "met" if score(result) >= GOAL else "below goal"
        unchecked = counts.get("not checked", 0)
        if unchecked:
            verdict += f"; run cut short, {unchecked} not checked"
        rules = " (its rule functions)" if result.get("functions") else ""
        lines.append(
            f"| `{module}`{rules} | {result['total']} | {counts.get('killed', 0)} "
            f"| {counts.get('survived', 0)} | {counts.get('timeout', 0)} "
            f"| {counts.get('no tests', 0)} | {score(result):.1f} % ({verdict}) | {result['date']} "
            f"| {result['commit']} | {result['minutes']} | {result['load']} |"
        )
    for module in MODULES:
        result = results.get(module)
        if result is None:
            continue
        lines += ["", f"### `{module}`", ""]
        lines.append(f"<!-- mutants-result {json.dumps(result, ensure_ascii=False)} -->")
        if result.get("functions"):
            lines.append(
                "Functions measured (the module's rules; the rest of it is not in the score): "
                + ", ".join(f"`{pattern.removesuffix('__*')}`" for pattern in result["functions"])
                + "."
            )
        lines.append("Tests: " + ", ".join(f"`{path}`" for path in result["tests"]) + ".")
        for why, tests in (result.get("left_out") or {}).items():
            lines.append(f"Left out ({why}): " + ", ".join(f"`{test}`" for test in tests) + ".")
        check = result.get("left_out_check")
        if check:
            lines.append(
                f"The tests left out, run on {len(check.get('checked') or [])} of the "
                f"run's {check['survivors']} survivors on {check['date']} "
                f"(`python scripts/mutants.py --left-out {module}`): "
                + left_out_verdict(check, result)
            )
        if result.get("deselected") and not result.get("left_out"):
            lines.append(
                "Left out (they render a PDF and read it back; the pages' and the JSON's tests "
                "of the same files hold the same facts): "
                + ", ".join(f"`{test}`" for test in result["deselected"])
                + "."
            )
        since = result.get("killed_since")
        if since and since["names"]:
            # The files written for the survivors say so in their first lines.
            added = [
                path
                for path in MODULES.get(module, result["tests"])
                if (ROOT / path).exists()
                and "make mutants" in (ROOT / path).read_text(encoding="utf-8")[:600]
            ]
            lines += [
                "",
                f"Survivors of the first run (at {since['commit']}) killed since "
                f"({len(since['names'])}), by the tests written for them in "
                + ", ".join(f"`{path}`" for path in added)
                + " (each test's docstring names its mutants) or by test files added to the "
                "module's selection since: "
                + ", ".join(f"`{name.rpartition('.')[2]}`" for name in since["names"])
                + ".",
            ]
        rechecks = [*result.get("rechecked_before", []), result.get("rechecked")]
        for rechecked in filter(None, rechecks):
            against = (
                f"{rechecked['survivors']} survivors of the run above (`--survivors`), each run "
                "again (`MUTANT_UNDER_TEST`, in a copy of the run made again from the committed "
                "tree) against the module's whole selection"
                if rechecked.get("survivors") is not None
                else "each survivor of the run above run again (`MUTANT_UNDER_TEST`, in the "
                "run's own copy) against the module's test files changed or added since the run"
            )
            lines += [
                "",
                f"Rechecked on {rechecked['date']} at {rechecked['commit']}: {against} ("
                + ", ".join(f"`{path}`" for path in rechecked["tests"])
                + ")"
                + (
                    ", only the survivors of the functions those tests name (`--named`)"
                    if rechecked.get("named")
                    else ""
                )
                + f"; {rechecked['killed']} killed, counted above.",
            ]
        if not result["survivors"]:
            lines += ["", "Every mutant killed."]
        survivors = result["survivors"]
        unexplained = [s for s in survivors if explanation(s).startswith("open")]
        if len(unexplained) > LISTED:
            # A module far from the goal: its open survivors by function and number (their
            # diffs: `mutmut show NAME` in var/mutants/<module>/), the explained ones in full.
            by_function = {}
            for survivor in unexplained:
                function, _, number = survivor["name"].rpartition("__mutmut_")
                by_function.setdefault(function.rpartition(".")[2], []).append(number)
            lines += [
                "",
                f"Open survivors ({len(unexplained)}; too many to list with their diffs — "
                "`mutmut show NAME` in the run's folder), by function and mutant number: "
                + "; ".join(
                    f"`{function}` {', '.join(numbers)}"
                    for function, numbers in by_function.items()
                )
                + ".",
            ]
            survivors = [s for s in survivors if s not in unexplained]
        for survivor in survivors:
            lines += [
                "",
                f"- `{survivor['name']}` ({survivor['status']}): {explanation(survivor)}",
                "",
                "  ```diff",
                *[f"  {line}" for line in survivor["diff"].splitlines()],
                "  ```",
            ]
    return "\n".join(lines)


def left_out_verdict(check, result):
    """What the tests left out kill among the survivors: none, or which, and whether a test of
    the selection kills them since (a recheck)."""
    if not check["killed"]:
        return "they kill none of them, so leaving them out loses no kill among those."
    surviving = {survivor["name"] for survivor in result["survivors"]}
    still = [name for name in check["killed"] if name in surviving]
    since = [name for name in check["killed"] if name not in surviving]
    said = []
    if still:
        names = ", ".join(f"`{name.rpartition('.')[2]}`" for name in still)
        said.append(f"they kill {names} (counted above as survived)")
    if since:
        names = ", ".join(f"`{name.rpartition('.')[2]}`" for name in since)
        said.append(f"they killed {names}, which a narrow test of the selection kills since")
    return "; ".join(said) + "."


def mutmut_version():
    from importlib.metadata import version

    return version("mutmut")


def saved_results():
    """The results in the document (each module's result is kept in it as a JSON comment, so
    that measuring one module keeps the others' rows), then those of this machine's runs."""
    from benchmarks_doc import DOC, sections

    results = {}
    block = sections(DOC.read_text(encoding="utf-8")).get(SECTION, "") if DOC.exists() else ""
    for match in re.finditer(r"^<!-- mutants-result (.*) -->$", block, re.M):
        result = json.loads(match.group(1))
        results[result["module"]] = result
    for module in MODULES:
        path = WORK / f"{slug(module)}.json"
        if path.exists():
            result = json.loads(path.read_text(encoding="utf-8"))
            if module not in results or result["run_at"] >= results[module]["run_at"]:
                results[module] = result
    return results


def write_section():
    from benchmarks_doc import replace_section

    replace_section(SECTION, markdown(saved_results()))


def main(argv):
    sys.path.insert(0, str(ROOT / "scripts"))
    if argv == ["--write-only"]:
        write_section()
        return
    if argv and argv[0] == "--left-out":
        for module in argv[1:]:
            result = check_left_out(module)
            killed = result["left_out_check"]["killed"]
            print(f"{module}: the tests left out kill {len(killed)} survivors", flush=True)
            write_section()
        return
    if argv and argv[0] == "--survivors":
        if len(argv) < 2:
            sys.exit("--survivors MODULE [MUTANT ...]")
        module, names = argv[1], argv[2:]
        result = recheck(module, names=names)
        print(f"{module}: score {score(result):.1f} % after the survivors' check", flush=True)
        write_section()
        return
    if argv and argv[0] == "--recheck":
        named = argv[1:2] == ["--named"]
        for module in argv[1 + named :] or list(MODULES):
            result = recheck(module, named=named)
            print(f"{module}: score {score(result):.1f} % after the recheck", flush=True)
            write_section()
        return
    minutes = None
    if argv and argv[0].startswith("--minutes="):
        minutes = float(argv.pop(0).removeprefix("--minutes="))
    if argv and argv[0] == "--collect":
        for module in argv[1:]:
            result = collect_only(module)
            print(f"{module}: score {score(result):.1f} % so far", flush=True)
            write_section()
        return
    resume = bool(argv) and argv[0] == "--resume"
    if resume:
        argv = argv[1:]
    modules = argv or list(MODULES)
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        sys.exit(f"Unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    for module in modules:
        result = run_module(module, minutes, resume)
        print(
            f"{module}: {result['total']} mutants, {result['counts']}, "
            f"score {score(result):.1f} %, {result['minutes']} min",
            flush=True,
        )
        write_section()
    print(f"Written to {ROOT / 'docs' / 'benchmarks.md'} (section “{SECTION}”).")


if __name__ == "__main__":
    main(sys.argv[1:])
