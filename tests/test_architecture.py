"""The shape of the package, read from its source: the import graph has no cycle, the store imports
no stage above it (fusion least of all), the web never imports fusion, and no module outside
``parley.store`` holds SQL."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "parley"

# What the store may import from the rest of parley: the records it stores and the small
# modules every layer shares.
STORE_MAY_IMPORT = {"parley.model", "parley.errors", "parley.partial_date"}

# A string that reads as a SQL statement, or as the clauses of one.
SQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\s"
    r"|\b(FROM|JOIN)\s+\w+\s+(WHERE|ON|ORDER|GROUP|LIMIT)\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b",
)
EXECUTE = {"execute", "executemany", "executescript"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            out |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)}
    return out


def imports(name: str) -> set[str]:
    """The parley modules a module imports when it runs, at the top or inside a function."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative: from the module's package
                package = name.split(".") if MODULES[name].name == "__init__.py" else name.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + [node.module])
            submodules = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
            found |= submodules
            if len(submodules) < len(node.names):  # names from the module itself, not its submodules
                found.add(base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def test_the_scan_sees_the_package() -> None:
    assert {"parley.store", "parley.store.query", "parley.fuse", "parley.web.queries"} <= set(GRAPH)
    assert "parley.store.record" in GRAPH["parley.fuse"] and "parley.store.query" in GRAPH["parley.export"]


def cycles() -> Iterator[list[str]]:
    """Each cycle of the import graph, found by a depth-first walk."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> Iterator[list[str]]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                yield [*stack[stack.index(nxt) :], nxt]
            elif nxt not in state:
                yield from visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            yield from visit(name)


def test_the_import_graph_has_no_cycle_not_even_through_imports_inside_functions() -> None:
    assert list(cycles()) == []


def test_a_cycle_would_be_found() -> None:
    GRAPH["parley.store.record"].add("parley.fuse")
    try:
        assert any("parley.fuse" in c and "parley.store.record" in c for c in cycles())
    finally:
        GRAPH["parley.store.record"].discard("parley.fuse")


def test_the_store_imports_no_stage_above_it() -> None:
    for name, found in GRAPH.items():
        if name == "parley.store" or name.startswith("parley.store."):
            above = {m for m in found if not m.startswith("parley.store") and m not in STORE_MAY_IMPORT}
            assert above == set(), f"{name} imports {sorted(above)}"
            assert "parley.fuse" not in found


def test_neither_the_store_nor_the_web_imports_fusion() -> None:
    for name, found in GRAPH.items():
        if name.startswith(("parley.store", "parley.web")):
            assert "parley.fuse" not in found, name


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def sql_outside_the_store() -> Iterator[str]:
    for name, path in MODULES.items():
        if name == "parley.store" or name.startswith("parley.store."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                if SQL.search(node.value):
                    yield f"{path.name}:{node.lineno}: {node.value[:60]!r}"
            elif isinstance(node, ast.JoinedStr):
                text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
                if SQL.search(text):
                    yield f"{path.name}:{node.lineno}: {text[:60]!r}"
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in EXECUTE
            ):
                yield f"{path.name}:{node.lineno}: .{node.func.attr}(...)"


def test_no_module_outside_the_store_holds_sql() -> None:
    assert list(sql_outside_the_store()) == []


def test_the_sql_scan_sees_the_store_s_sql() -> None:
    text = (PACKAGE / "store" / "query.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert (
        sum(
            1
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.search(n.value)
        )
        > 10
    )


# What only the private speed-ups package (parley._speedups) may reach into: thinc (spaCy's
# numeric back-end and its internals), the C library, BLAS's thread pools, and the private
# modules of spaCy; and the process's collector, which only the runners tune, through it.
PRIVATE_PACKAGE = "parley._speedups"
PLUMBING = ("thinc", "ctypes", "threadpoolctl")
PROCESS_TUNING = {"freeze", "unfreeze", "set_threshold"}


def plumbing_in(source: str) -> set[str]:
    """The plumbing a module's source reaches into: modules it imports (anywhere in it) and
    calls that tune the collector."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        for name in names:
            parts = name.split(".")
            if parts[0] in PLUMBING or (parts[0] == "spacy" and any(p.startswith("_") for p in parts)):
                found.add(name)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "gc"
            and node.attr in PROCESS_TUNING
        ):
            found.add(f"gc.{node.attr}")
    return found


def test_only_the_speedups_package_reaches_into_thinc_ctypes_or_the_collector() -> None:
    outside = {
        name: sorted(found)
        for name, path in MODULES.items()
        if name != PRIVATE_PACKAGE and not name.startswith(PRIVATE_PACKAGE + ".")
        if (found := plumbing_in(path.read_text(encoding="utf-8")))
    }
    assert outside == {}
    assert plumbing_in(MODULES["parley._speedups.network"].read_text(encoding="utf-8"))  # the scan sees


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from thinc.api import NumpyOps", {"thinc.api", "thinc.api.NumpyOps"}),
        ("def f():\n    import ctypes", {"ctypes"}),
        ("from spacy.tokens._retokenize import set_token_attrs", {"spacy.tokens._retokenize"}),
        ("import gc\ngc.freeze()", {"gc.freeze"}),
        ("from spacy.tokens import Doc\nimport gc\ngc.collect()", set()),
    ],
)
def test_the_plumbing_scan_finds_each_kind(source: str, found: set[str]) -> None:
    assert plumbing_in(source) >= found and (found or not plumbing_in(source))
