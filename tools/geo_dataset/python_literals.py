"""Reading literal data out of Python source code without importing or running it.

vietnam-provinces ships its tables as Python modules (and needs Python >= 3.12).  The
build only parses them with :mod:`ast`, so no code of that package is ever executed.
"""

from __future__ import annotations

import ast
from typing import Any

from .checks import check, fail


def call_name(node: Any) -> str:
    """Name of the called function or class of a call node (``Foo(...)``, ``m.Foo(...)``)."""
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr


def const(node: Any) -> Any:
    """Value of a literal or of an enum member reference such as WardCode.W_00004."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -const(node.operand)
    raise ValueError(ast.dump(node))


def code(node: Any, width: int) -> str:
    """An integer literal of the source as a zero-padded official code."""
    value = const(node)
    check(isinstance(value, int), f"not a code: {value!r}")
    return str(value).zfill(width)


def module_dict(source: bytes, var: str) -> list[tuple[Any, Any]]:
    """(key node, value node) pairs of the module-level dict literal ``var``."""
    tree = ast.parse(source)
    for stmt in tree.body:
        targets: list[ast.expr]
        value: ast.expr | None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Name) and t.id == var and isinstance(value, ast.Dict):
                return list(zip(value.keys, value.values, strict=True))
    fail(f"dict {var} not found")
