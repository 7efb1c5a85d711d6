"""Email templates: sandboxed Jinja2 rendering, the file format, and their storage.

What the picker, the Templates window and the CLI use is imported here; see ``rendering`` for
the values a template can use and ``fileformat`` for the file format.
"""

from itfriend.core.templates.errors import MissingValuesError, TemplateError, TemplateLimitError
from itfriend.core.templates.fileformat import (
    TemplateDraft,
    format_template_text,
    parse_template_text,
)
from itfriend.core.templates.records import TemplateRecord
from itfriend.core.templates.rendering import (
    RenderedMessage,
    check_template_text,
    missing_values,
    one_render_budget,
    render_template,
    required_values,
)
from itfriend.core.templates.service import TemplateService
from itfriend.core.templates.values import template_values

__all__ = [
    "MissingValuesError",
    "RenderedMessage",
    "TemplateDraft",
    "TemplateError",
    "TemplateLimitError",
    "TemplateRecord",
    "TemplateService",
    "check_template_text",
    "format_template_text",
    "missing_values",
    "one_render_budget",
    "parse_template_text",
    "render_template",
    "required_values",
    "template_values",
]
