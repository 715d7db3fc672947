"""design.md's layering rules, enforced on the source tree with ``ast`` (no imports run).

- Nothing outside ``xclib_desk/ui`` imports PySide6: the desk works headless.
- Nothing in ``xclib_desk/ui`` touches SQL: no sqlalchemy, ``xclib_desk.models`` or
  ``xclib_desk.store``; the UI goes through the ``Desk`` facade and the services' plain results.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "xclib_desk"
UI_FORBIDDEN = ("sqlalchemy", "xclib_desk.models", "xclib_desk.store")


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Absolute names of every module ``source`` (the module ``module``) imports.

    Relative imports are resolved, and ``from x import y`` also yields ``x.y`` so importing a
    submodule by name (``from .. import models``) is seen.
    """
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def modules(under: Path) -> dict[str, set[str]]:
    """Source file (relative path) -> modules it imports, for every .py file under ``under``."""
    out: dict[str, set[str]] = {}
    for path in sorted(under.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        is_pkg = rel.name == "__init__"
        dotted = ".".join(rel.parts[:-1] if is_pkg else rel.parts)
        out[str(rel)] = imported_modules(
            path.read_text(encoding="utf-8"), dotted, is_package=is_pkg
        )
    return out


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def violations(found: dict[str, set[str]], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {f: sorted(n for n in names if within(n, forbidden)) for f, names in found.items()}
    return {f: names for f, names in bad.items() if names}


def test_core_never_imports_qt() -> None:
    core = {f: n for f, n in modules(PACKAGE).items() if not f.startswith("xclib_desk/ui/")}
    assert len(core) > 20  # the walk really saw the package
    assert violations(core, ("PySide6", "shiboken6")) == {}


def test_ui_never_touches_sql() -> None:
    ui = PACKAGE / "ui"
    found = modules(ui) if ui.exists() else {}
    assert violations(found, UI_FORBIDDEN) == {}


def test_scanner_catches_violations() -> None:
    """The checks above can fail: relative, absolute and submodule imports are all seen."""
    source = (
        "import sqlalchemy.orm\n"
        "from ..models import Loan\n"
        "from .. import store\n"
        "from ..services import circulation\n"
        "def later():\n"
        "    from PySide6.QtCore import Qt\n"
    )
    found = {"xclib_desk/ui/fake": imported_modules(source, "xclib_desk.ui.fake")}
    assert violations(found, UI_FORBIDDEN) == {
        "xclib_desk/ui/fake": [
            "sqlalchemy.orm",
            "xclib_desk.models",
            "xclib_desk.models.Loan",
            "xclib_desk.store",
        ]
    }
    assert violations(found, ("PySide6",)) == {
        "xclib_desk/ui/fake": ["PySide6.QtCore", "PySide6.QtCore.Qt"]
    }
    init = imported_modules("from .models import Base\n", "xclib_desk", is_package=True)
    assert "xclib_desk.models" in init
