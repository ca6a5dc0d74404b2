"""What a browser sends from a page's form (for tests that post the way a person does)."""

import re
from html import unescape


def form_holding(page, marker):
    """The fields a browser sends from the POST form holding `marker` (its hidden inputs, the
    selected options, the text typed in its textareas)."""
    for form in re.findall(r"<form\b.*?</form>", page, flags=re.S):
        if marker not in form:
            continue
        data = {}
        for tag in re.findall(r"<input\b[^>]*>", form):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                data.setdefault(name.group(1), []).append(unescape(value.group(1) if value else ""))
        for name, options in re.findall(
            r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S
        ):
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options) or re.search(
                r'<option value="([^"]*)"', options
            )
            data[name] = [chosen.group(1)]
        for name, text in re.findall(
            r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, flags=re.S
        ):
            data[name] = [unescape(text)]
        assert "edit_version" in data, f"the form with {marker} carries no version"
        return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    raise AssertionError(f"no form holding {marker}")
