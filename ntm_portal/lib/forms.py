"""Helpers shared by the forms of every app."""


def add_errors(form, error):
    """Show a model's or a service's ValidationError on a form: each message on the field it
    names when the form has that field, otherwise at the top of the form."""
    for field, messages in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, messages)
