"""How much a template may hold before it is compiled.

Compiling is not under a render's watch (``limits.watched``) and happens when a template is
saved, imported, checked or previewed: 5,000 ``{% for %}`` tags within the 100,000 characters a
body may have took 2.4 s and 100 MB to compile. The tags and tokens are counted from the lexer,
which is quick and stops as soon as a count is past its limit.
"""

from __future__ import annotations

from jinja2 import Environment, TemplateSyntaxError

from itfriend.core.templates.errors import TemplateError

# What one template may hold before it is compiled: compiling is not under the render's watch,
# and 5,000 ``{% for %}`` tags in 100,000 characters took 2.4 s and 100 MB. An email holds tens.
MAX_TAGS = 500  # ``{% ... %}`` and ``{{ ... }}`` together
MAX_TOKENS = 5_000  # names, operators, numbers and texts inside them


def refuse_too_many_parts(environment: Environment, text: str) -> None:
    """Raise TemplateError when ``text`` holds more tags or tokens than a template may; counted
    from the lexer's tokens, which stops reading as soon as one count is past its limit."""
    tags = tokens = 0
    try:
        for _line, kind, _value in environment.lex(text):
            if kind in ("block_begin", "variable_begin"):
                tags += 1
            elif kind not in ("data", "whitespace", "block_end", "variable_end"):
                tokens += 1
            if tags > MAX_TAGS or tokens > MAX_TOKENS:
                raise TemplateError(
                    f"the template is too large to be read: at most {MAX_TAGS:,} "
                    "'{% %}' and '{{ }}' tags, holding at most "
                    f"{MAX_TOKENS:,} names, numbers and operators in all"
                )
    except TemplateSyntaxError:
        return  # reported by the parser, with its line
