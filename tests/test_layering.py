"""design.md's layering rules, enforced on the source tree with ``ast`` (no imports run).

What may import what (docs/architecture.md draws the same picture):

- ``common`` (pure helpers: Beijing time, ISBNs, the search tokenizer, figure tables) imports
  nothing of the project, so every other part may import it.
- ``protocol`` (the contract desk and hub both import) imports only itself and the pure shared
  modules in :data:`PROTOCOL_MAY_IMPORT`.
- The other pure shared modules (:data:`SHARED_MODULES`: errors, clock, exports, input checks,
  MARC reading and its batch checks) import nothing above them, so the hub may stand on them.
- ``models`` and ``standards`` (the store's tables, the district's rules) import no layer above.
- ``services`` (the desk's use cases) never import the desk facade, sync, a front end or the hub.
- ``hub`` stands on shared code only: never the desk's services, facade, sync or front ends.
- ``ui`` never imports the hub, never touches SQL (no sqlalchemy, ``models`` or ``store``: it goes
  through the ``Desk`` facade and the services' plain results), and is the only Qt importer.
- No import cycles among the package's modules (module-level imports, the ones that run when a
  module loads), and no imports inside functions to dodge one: a function-level import is allowed
  only for a heavy optional dependency (:data:`HEAVY_OPTIONAL`), with a comment saying so.

Each rule is a plain function of "file -> modules it imports", so
:func:`test_rules_fail_on_planted_violations` can prove every one of them fails.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "xclib_desk"
P = "xclib_desk"
UI_FORBIDDEN = ("sqlalchemy", f"{P}.models", f"{P}.store")
#: the pure shared modules the protocol may stand on besides ``common``
PROTOCOL_MAY_IMPORT = (f"{P}.protocol", f"{P}.common", f"{P}.errors", f"{P}.standards.schema")
#: the desk's front ends (the CLI as a package, or its older flat ``cli_*`` modules) and the demo
FRONT_ENDS = (f"{P}.cli", f"{P}.cli_*", f"{P}.ui", f"{P}.demo")
#: pure shared modules beside ``common``: both ends import them, so they stand on nothing above
SHARED_MODULES = tuple(
    f"{P}/{m}" for m in ("errors", "clock", "exports", "input_checks", "marc", "marc_checks")
)
ABOVE_SHARED = (
    f"{P}.models",
    f"{P}.store",
    f"{P}.services",
    f"{P}.desk",
    f"{P}.sync",
    f"{P}.hub",
    f"{P}.protocol",
    *FRONT_ENDS,
)
#: imports a function may make: the heavy optional dependencies (pyproject's extras: ``desk``
#: Qt, ``hub`` FastAPI/uvicorn/psycopg/zstandard, ``marc`` pymarc/openpyxl), loaded only when
#: needed, and the Qt app itself (``xclib-desk gui`` from a CLI that must load without Qt)
HEAVY_OPTIONAL = (
    "PySide6",
    "fastapi",
    "uvicorn",
    "psycopg",
    "zstandard",
    "pymarc",
    "openpyxl",
    "xclib_desk.ui",
    # not optional, but 55 ms of backend discovery on every start; only token reads need it
    "keyring",
)


# --- reading the tree ----------------------------------------------------------------------
@dataclass(frozen=True)
class Import:
    name: str  # absolute dotted name (``from x import y`` also yields ``x.y``)
    in_function: bool  # inside a def: runs when called, not when the module loads
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs
    from_base: bool = False  # the ``x`` of ``from x import y`` (``x.y`` is listed too)


def _walk(
    node: ast.AST, in_function: bool, type_only: bool
) -> Iterator[tuple[ast.AST, bool, bool]]:
    for child in ast.iter_child_nodes(node):
        yield child, in_function, type_only
        f = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        t = type_only or (isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
        yield from _walk(child, f, t)


def imports(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every import in ``source`` (the module ``module``), relative ones resolved."""
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    found: list[Import] = []
    for node, in_fn, type_only in _walk(ast.parse(source), False, False):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append(Import(name, in_fn, type_only, from_base=True))
            names = [f"{name}.{alias.name}" for alias in node.names]
        found += [Import(n, in_fn, type_only) for n in names]
    return found


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Absolute names of every module ``source`` imports, wherever the import stands."""
    return {i.name for i in imports(source, module, is_package=is_package)}


def _dotted(path: Path) -> tuple[str, bool]:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    is_pkg = rel.name == "__init__"
    return ".".join(rel.parts[:-1] if is_pkg else rel.parts), is_pkg


def tree(under: Path = PACKAGE) -> dict[str, list[Import]]:
    """Source file (relative path, no suffix) -> its imports, for every .py file under ``under``."""
    out: dict[str, list[Import]] = {}
    for path in sorted(under.rglob("*.py")):
        dotted, is_pkg = _dotted(path)
        rel = str(path.relative_to(PACKAGE.parent).with_suffix(""))
        out[rel] = imports(path.read_text(encoding="utf-8"), dotted, is_package=is_pkg)
    return out


def modules(under: Path) -> dict[str, set[str]]:
    """Source file (relative path) -> modules it imports, for every .py file under ``under``."""
    return {f: {i.name for i in found} for f, found in tree(under).items()}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    """``name`` is one of ``prefixes`` or inside one; ``x.cli_*`` matches ``x.cli_sync``."""
    for p in prefixes:
        if p.endswith("*"):
            if name.startswith(p[:-1]):
                return True
        elif name == p or name.startswith(p + "."):
            return True
    return False


def violations(found: dict[str, set[str]], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {f: sorted(n for n in names if within(n, forbidden)) for f, names in found.items()}
    return {f: names for f, names in bad.items() if names}


# --- the rules -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """Files under ``under`` must not import ``forbidden``; with ``only``, they may import
    nothing of the project outside ``only``."""

    under: str | tuple[str, ...]  # path prefixes ("xclib_desk/hub/") or files ("xclib_desk/errors")
    forbidden: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None

    def covers(self, f: str) -> bool:
        prefixes = (self.under,) if isinstance(self.under, str) else self.under
        return any(f == p or (p.endswith("/") and f.startswith(p)) for p in prefixes)

    def check(self, found: dict[str, set[str]]) -> dict[str, list[str]]:
        mine = {f: n for f, n in found.items() if self.covers(f)}
        bad = violations(mine, self.forbidden)
        if self.only is not None:
            for f, names in mine.items():
                extra = [n for n in names if within(n, (P,)) and not within(n, self.only)]
                if extra:
                    bad[f] = sorted({*bad.get(f, []), *extra})
        return bad


RULES: dict[str, Rule] = {
    "common imports nothing of the project": Rule(f"{P}/common/", only=(f"{P}.common",)),
    "protocol imports only pure shared helpers": Rule(f"{P}/protocol/", only=PROTOCOL_MAY_IMPORT),
    "shared modules import nothing above them": Rule(SHARED_MODULES, ABOVE_SHARED),
    "models import no layer above": Rule(
        f"{P}/models/",
        (f"{P}.services", f"{P}.desk", f"{P}.sync", f"{P}.hub", *FRONT_ENDS),
    ),
    "standards import no layer above": Rule(
        f"{P}/standards/",
        (f"{P}.services", f"{P}.desk", f"{P}.sync", f"{P}.hub", *FRONT_ENDS),
    ),
    "services never import desk, sync, front ends or hub": Rule(
        f"{P}/services/", (f"{P}.desk", f"{P}.sync", f"{P}.hub", *FRONT_ENDS)
    ),
    "hub never imports services, desk, sync or front ends": Rule(
        f"{P}/hub/", (f"{P}.services", f"{P}.desk", f"{P}.sync", *FRONT_ENDS)
    ),
    "ui never imports the hub": Rule(f"{P}/ui/", (f"{P}.hub",)),
    "ui never touches SQL": Rule(f"{P}/ui/", UI_FORBIDDEN),
    "nothing outside ui imports Qt": Rule((f"{P}/",), ("PySide6", "shiboken6")),
}


def check_rule(name: str, found: dict[str, set[str]]) -> dict[str, list[str]]:
    if name == "nothing outside ui imports Qt":
        found = {f: n for f, n in found.items() if not f.startswith(f"{P}/ui/")}
    return RULES[name].check(found)


def module_graph(found: dict[str, list[Import]]) -> dict[str, set[str]]:
    """Module -> project modules it loads when it loads (module-level, not type-only imports).

    An imported name maps to the longest module it names (``x.y.Z`` -> ``x.y``); loading a
    module also loads its parent packages' ``__init__``.
    """
    by_file = {f: f.replace("/", ".").removesuffix(".__init__") for f in found}
    known = set(by_file.values())
    graph: dict[str, set[str]] = {}
    for f, found_imports in found.items():
        me = by_file[f]
        edges: set[str] = set()
        for imp in found_imports:
            if imp.in_function or imp.type_only or not within(imp.name, (P,)):
                continue
            parts = imp.name.split(".")
            for n in range(len(parts), 0, -1):
                target = ".".join(parts[:n])
                if target in known:
                    edges.update(".".join(parts[:k]) for k in range(1, n + 1))
                    break
        edges &= known
        edges.discard(me)
        # a module's own parent packages are loaded before it: not a dependency it adds
        edges -= {".".join(me.split(".")[:k]) for k in range(1, me.count(".") + 1)}
        graph[me] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def function_level(found: dict[str, list[Import]]) -> dict[str, list[str]]:
    """Imports made inside functions, except those of a heavy optional dependency."""
    bad: dict[str, list[str]] = {}
    for f, found_imports in found.items():
        names = sorted(
            {
                i.name
                for i in found_imports
                if i.in_function
                and not i.from_base
                and not i.type_only
                and not within(i.name, HEAVY_OPTIONAL)
            }
        )
        if names:
            bad[f] = names
    return bad


# --- the checks on the real tree -----------------------------------------------------------
@pytest.mark.parametrize("rule", sorted(RULES))
def test_layer_rule(rule: str) -> None:
    found = modules(PACKAGE)
    assert len(found) > 20  # the walk really saw the package
    assert check_rule(rule, found) == {}


def test_no_import_cycles() -> None:
    """Module-level imports form no cycle: each part loads on top of the parts below it."""
    assert cycles(module_graph(tree())) == []


def test_function_level_imports_only_for_heavy_optional_deps() -> None:
    assert function_level(tree()) == {}


# kept by name: the two original checks, now rules of the table above
def test_core_never_imports_qt() -> None:
    assert check_rule("nothing outside ui imports Qt", modules(PACKAGE)) == {}


def test_ui_never_touches_sql() -> None:
    assert check_rule("ui never touches SQL", modules(PACKAGE)) == {}


# --- the checks can fail -------------------------------------------------------------------
PLANTED: dict[str, tuple[str, str, list[str]]] = {
    # rule -> (module, source, what the rule must report)
    "common imports nothing of the project": (
        f"{P}.common.fake",
        "from ..errors import DeskError\nfrom .times import BEIJING\n",
        [f"{P}.errors", f"{P}.errors.DeskError"],
    ),
    "protocol imports only pure shared helpers": (
        f"{P}.protocol.fake",
        "from ..sync import wire\nfrom ..common.times import BEIJING\nfrom .events import X\n",
        [f"{P}.sync", f"{P}.sync.wire"],
    ),
    "shared modules import nothing above them": (
        f"{P}.marc_checks",
        "from .services.holdings import insert_title\nfrom .errors import DeskError\n",
        [f"{P}.services.holdings", f"{P}.services.holdings.insert_title"],
    ),
    "models import no layer above": (
        f"{P}.models.fake",
        "from ..services.context import Ctx\n",
        [f"{P}.services.context", f"{P}.services.context.Ctx"],
    ),
    "standards import no layer above": (
        f"{P}.standards.fake",
        "import xclib_desk.hub.models\n",
        [f"{P}.hub.models"],
    ),
    "services never import desk, sync, front ends or hub": (
        f"{P}.services.fake",
        "from ..desk import Desk\nfrom .. import cli_holdings\n",
        [f"{P}.cli_holdings", f"{P}.desk", f"{P}.desk.Desk"],
    ),
    "hub never imports services, desk, sync or front ends": (
        f"{P}.hub.fake",
        "def later():\n    from ..services.stats import Table\n",
        [f"{P}.services.stats", f"{P}.services.stats.Table"],
    ),
    "ui never imports the hub": (
        f"{P}.ui.fake",
        "from ..hub import cli\n",
        [f"{P}.hub", f"{P}.hub.cli"],
    ),
    "ui never touches SQL": (
        f"{P}.ui.fake",
        "import sqlalchemy.orm\nfrom ..models import Loan\nfrom .. import store\n"
        "from ..services import circulation\n",
        ["sqlalchemy.orm", f"{P}.models", f"{P}.models.Loan", f"{P}.store"],
    ),
    "nothing outside ui imports Qt": (
        f"{P}.services.fake",
        "def later():\n    from PySide6.QtCore import Qt\n",
        ["PySide6.QtCore", "PySide6.QtCore.Qt"],
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rules_fail_on_planted_violations(rule: str) -> None:
    """Each rule reports a planted violation (relative, absolute, submodule and function-level
    imports are all seen), and only that."""
    module, source, expected = PLANTED[rule]
    f = module.replace(".", "/")
    found = {f: imported_modules(source, module)}
    assert check_rule(rule, found) == {f: expected}


def test_scanner_resolves_package_imports() -> None:
    init = imported_modules("from .models import Base\n", P, is_package=True)
    assert f"{P}.models" in init


def test_cycle_check_fails_on_a_planted_cycle() -> None:
    found = {
        f"{P}/a": imports("from . import b\n", f"{P}.a"),
        f"{P}/b": imports("from .c import x\n", f"{P}.b"),
        f"{P}/c": imports("from .a import y\n", f"{P}.c"),
        # function-level and type-only imports run later or never: they close no cycle
        f"{P}/d": imports("def f():\n    from . import a\n", f"{P}.d"),
        f"{P}/e": imports(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n", f"{P}.e"
        ),
        f"{P}/__init__": [],
    }
    found[f"{P}/a"] += imports("from . import d, e\n", f"{P}.a")
    assert cycles(module_graph(found)) == [[f"{P}.a", f"{P}.b", f"{P}.c"]]


def test_function_level_check_fails_on_a_planted_import() -> None:
    source = (
        "import json\n"
        "def save():\n"
        "    from openpyxl import Workbook  # heavy optional: allowed\n"
        "    from .backup import copy_store\n"
        "class A:\n"
        "    def m(self):\n"
        "        import html\n"
    )
    found = {f"{P}/store": imports(source, f"{P}.store")}
    assert function_level(found) == {f"{P}/store": ["html", f"{P}.backup.copy_store"]}
