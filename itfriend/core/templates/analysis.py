"""Reads a parsed template without running it: what it reaches for, and what values it uses.

Both checks run before a template is saved or imported, so that a shared template that tries to
reach Python internals is refused with its line, and a typo such as ``person.frist_name`` is shown
in the editor at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import nodes

from itfriend.core.quoting import quoted

# Values that come as a group of fields; a missing one is named with its field: ``person.email``.
GROUPS = ("person", "me", "ticket")
# Attribute names refused on any object, on top of the sandbox's own rules.
UNSAFE_NAMES = frozenset(
    {
        "mro",
        "func_globals",
        "f_globals",
        "f_locals",
        "f_builtins",
        "gi_frame",
        "gi_code",
        "cr_frame",
        "ag_frame",
        "tb_frame",
        "f_back",
    }
)
# String formatting can reach attributes the sandbox cannot see; refused when a template is saved.
_UNSAFE_ATTRIBUTES = UNSAFE_NAMES | {"format", "format_map"}
_OPTIONAL_FILTERS = ("default", "d")
_OPTIONAL_TESTS = ("defined", "undefined")


@dataclass(frozen=True)
class ValueUse:
    """One place a template reads a value: ``person.email`` on line 3."""

    path: str  # "person.email", "new_date"
    root: str
    field: str | None  # the first attribute read from root, if any
    line: int
    optional: bool  # inside ``| default(...)`` or ``is defined``: may be missing


def _unsafe_name(name: str) -> bool:
    return name.startswith("_") or name in _UNSAFE_ATTRIBUTES


def find_unsafe(tree: nodes.Template) -> tuple[str, int] | None:
    """The first unsafe part of a template and its line, or None when it is safe to keep."""
    for node in tree.find_all(nodes.Node):
        line = node.lineno
        if isinstance(node, nodes.Getattr) and _unsafe_name(node.attr):
            return f"reaching {quoted(node.attr)} is not allowed in a template", line
        if (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and _unsafe_name(node.arg.value)
        ):
            return f"reaching {quoted(node.arg.value)} is not allowed in a template", line
        if isinstance(node, nodes.Filter) and node.name == "attr":
            return "the attr filter is not allowed in a template; use name.field", line
        if isinstance(node, (nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
            return "including or importing other files is not allowed in a template", line
        if isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
            return "text with '__' is not allowed in an expression (it is used to escape)", line
    return None


def _chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    """``person.email`` → ("person", ["email"]); None when not rooted at a plain name."""
    fields: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            fields.append(node.attr)
            node = node.node
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            fields.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            return node.name, list(reversed(fields))
        else:
            return None


def value_uses(tree: nodes.Template) -> list[ValueUse]:
    """Every read of a named value, in the order of the text, with the dotted name reported."""
    return list(_walk(tree, optional=False))


def _walk(node: nodes.Node, optional: bool) -> Iterator[ValueUse]:
    chain = _chain(node) if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)) else None
    if chain is not None:
        root, fields = chain
        field = fields[0] if fields else None
        path = f"{root}.{field}" if root in GROUPS and field else root
        yield ValueUse(path, root, field, node.lineno, optional)
        return
    if isinstance(node, nodes.Filter) and node.name in _OPTIONAL_FILTERS and node.node is not None:
        yield from _walk(node.node, optional=True)
        for child in (*node.args, *node.kwargs):
            yield from _walk(child, optional)
        return
    if isinstance(node, nodes.Test) and node.name in _OPTIONAL_TESTS:
        yield from _walk(node.node, optional=True)
        return
    for child in node.iter_child_nodes():
        yield from _walk(child, optional)
