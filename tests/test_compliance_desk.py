"""The rating rule and the desk's ``compliance`` verb (raw-row checks: test_compliance_network)."""

from __future__ import annotations

import json
from typing import Any

from conftest import FRONT, Kit
from hypothesis import given
from hypothesis import strategies as st

from xclib_desk import cli
from xclib_desk.services import circulation, compliance
from xclib_desk.standards import kpi


@given(st.floats(0, 1e6), st.floats(0.001, 1e6))
def test_rating_rule(value: float, target: float) -> None:
    """Green at the target, amber from 80 % of it, red below; reversed where less is better."""
    want = "green" if value >= target else "amber" if value >= 0.8 * target else "red"
    assert kpi.rate(value, target) == want
    less = "green" if value <= target else "amber" if value * 0.8 <= target else "red"
    assert kpi.rate(value, target, higher_is_better=False) == less
    assert kpi.rate(None, target) == kpi.rate(value, None) == "none"
    assert kpi.worst([kpi.rate(value, target), "none"]) == want


def test_cli_compliance(kit: Kit, capsys: Any) -> None:
    card = kit.reader()
    items = kit.items(3)
    for bc in items:
        kit.desk.write(circulation.check_out, FRONT, card, bc)
    pc = kit.desk.read(compliance.point_compliance, FRONT)
    kit.desk.close()
    base = ["--data-dir", str(kit.desk.data_dir), "compliance"]
    assert cli.main([*base, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["result"]
    figures = {f["key"]: f for f in result["figures"]}
    assert (
        figures["circulation"]["value"] == 3 == {f.key: f for f in pc.figures}["circulation"].value
    )
    assert set(result["unifications"]) == {u.value for u in kpi.Unification}
    assert cli.main(base) == 0
    assert "统一标准" in capsys.readouterr().out
    for bad in ("abc", "1800", "2999"):
        assert cli.main([*base, "--year", bad, "--json"]) == 1
        err = json.loads(capsys.readouterr().out)["error"]
        assert err["code"] == "bad_input"
