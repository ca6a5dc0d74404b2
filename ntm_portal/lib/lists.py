"""Lists filtered by a django-filter FilterSet, paginated, and exported to Excel.

Every list page of the portal shows the same parts: the rows the user may see, narrowed by a
FilterSet read from the query string; pagination links that keep the filter; and, where the view
declares an `export`, the filtered rows as an Excel file at `?format=xlsx`
(`ntm_portal/lib/dataio/export.py`, the one export path).

A district officer's lists open on their own district (`OwnDistrictListMixin`, `own_district_query`):
a query that names no district gets theirs, and "?district=" (empty) is the whole province, one
click away. A list page and its export read the query the same way, so both hold the same rows.
"""

from ntm_portal.lib.dataio.export import ExportListMixin
from units.access import Scope, access_of


def query_without_page(request):
    """The query string of the current filter, for pagination links to add their own page."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def own_district(user, capability):
    """The district-level unit a user works for with this capability (a district officer's),
    else None (province-wide roles, users without it)."""
    access = access_of(user)
    if access.scope(capability) == Scope.DISTRICT and access.unit.is_district:
        return access.unit
    # A commune officer (from 01/07/2025) has no district: its lists open on the province.
    return None


def own_district_query(request, capability):
    """The list's query, opening on the user's own district (see the module docstring)."""
    data = request.GET.copy()
    district = own_district(request.user, capability)
    if district is not None and "district" not in data:
        data["district"] = district.code
    return data or None


class FilteredListMixin(ExportListMixin):
    """A ListView's rows passed through `filterset_class`.

    The view writes `rows()` (the user's scoped queryset, before the filter) and may declare
    `export` (an `ntm_portal.lib.dataio.export.Export`, served at `?format=xlsx`); the template
    receives `filter` and `query_string`.
    """

    filterset_class = None

    def rows(self):
        raise NotImplementedError

    def filter_data(self):
        return self.request.GET or None

    def get_queryset(self):
        self.filterset = self.filterset_class(self.filter_data(), queryset=self.rows())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter=self.filterset, query_string=query_without_page(self.request))
        return context


class OwnDistrictListMixin(FilteredListMixin):
    """A list that opens on the district officer's own district, saying so, with the whole
    province one click away (`includes/own_district.html`).

    `own_district_capability` names the work the list serves: the user is a district officer for
    it when its scope is their district (registering participants, updating criteria, …).
    """

    own_district_capability = None

    def filter_data(self):
        return own_district_query(self.request, self.own_district_capability)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district = own_district(self.request.user, self.own_district_capability)
        chosen = self.filterset.form.data.get("district") if self.filterset.form.data else ""
        context["user_district"] = district
        context["showing_own_district"] = bool(district) and chosen == district.code
        context["showing_whole_province"] = bool(district) and not chosen
        return context
