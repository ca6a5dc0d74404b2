"""Helpers shared by the forms of every app."""

from django.core.exceptions import NON_FIELD_ERRORS


def add_errors(form, error):
    """Show a model's or a service's ValidationError on a form: each message on the field it
    names when the form has that field, otherwise at the top of the form."""
    for field, messages in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, messages)


def message_dict(error):
    """{field: [message texts]} of any ValidationError ("__all__" for errors without a field)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}
