"""Lists filtered by a django-filter FilterSet, paginated, and exported to Excel.

Every list page of the portal shows the same parts: the rows the user may see, narrowed by a
FilterSet read from the query string; pagination links that keep the filter; and, where the view
has an `export(rows)`, the filtered rows as an Excel file at `?format=xlsx`.
"""


def query_without_page(request):
    """The query string of the current filter, for pagination links to add their own page."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class FilteredListMixin:
    """A ListView's rows passed through `filterset_class`.

    The view writes `rows()` (the user's scoped queryset, before the filter) and may write
    `export(rows)`; the template receives `filter` and `query_string`.
    """

    filterset_class = None

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.rows())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(filter=self.filterset, query_string=query_without_page(self.request))
        return context

    def render_to_response(self, context, **kwargs):
        export = getattr(self, "export", None)
        if export is not None and self.request.GET.get("format") == "xlsx":
            return export(self.filterset.qs)
        return super().render_to_response(context, **kwargs)
