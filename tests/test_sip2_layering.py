"""The SIP2 front end keeps its place (docs/architecture.md): like the CLI it reaches the store
only through ``Desk`` and the services' plain results, and it never imports Qt or the hub."""

from __future__ import annotations

from test_layering import PACKAGE, UI_FORBIDDEN, P, Rule, modules

SIP2_RULE = Rule(f"{P}/sip2/", (*UI_FORBIDDEN, f"{P}.hub", f"{P}.ui", "PySide6", "shiboken6"))


def test_sip2_never_touches_sql_qt_or_the_hub() -> None:
    found = modules(PACKAGE)
    assert any(f.startswith(f"{P}/sip2/") for f in found)
    assert SIP2_RULE.check(found) == {}


def test_the_rule_fails_on_a_planted_violation() -> None:
    planted = {f"{P}/sip2/planted.py": {"sqlalchemy.orm", f"{P}.models"}}
    assert SIP2_RULE.check(planted)
