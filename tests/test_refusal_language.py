"""Every refusal reads in one language, the user's: English with ``--lang en`` / ``XCLIB_LANG=en``
(no Chinese character anywhere), Chinese at the desk (no " / English" tail).

Three layers of proof: every template of ``errors.MESSAGES`` and every coded table rendered both
ways; the refusals themselves raised and rendered both ways (also as the CLI's ``--json``
envelope); and a scan of the source that fails on a display string that carries both languages
at once, or on Chinese words passed to a refusal outside a ``Text`` pair (shown failing on a
planted violation).
"""

from __future__ import annotations

import ast
import json
import re
import string
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, FRONT, LIBRARIAN, START, Kit
from stdnum.cn import ric

from xclib_desk import cli as desk_cli
from xclib_desk import errors, exports
from xclib_desk.common.times import BEIJING
from xclib_desk.desk import Desk
from xclib_desk.errors import (
    CODED,
    DERIVED,
    FIELD_DETAILS,
    FIELDS,
    MESSAGES,
    DeskError,
    Phrase,
    Text,
    render,
)
from xclib_desk.hub.errors import HubError
from xclib_desk.hub.reports import year_arg
from xclib_desk.input_checks import clean_text
from xclib_desk.services import (
    checklist,
    duty,
    holdings,
    marc_import,
    readers,
    search,
    shipments,
    staff,
    stats,
    syncview,
    visits,
)
from xclib_desk.services.idcard import check_id_number
from xclib_desk.standards.clc import validate_clc
from xclib_desk.standards.signing import new_keypair

PACKAGE = Path(__file__).resolve().parents[1] / "xclib_desk"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Chinese words in source text (a Chinese book title's 《》 may stand in an English sentence)
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
#: the old way of saying a thing twice: Chinese, then " / " and the English
BOTH = re.compile(r"[\u4e00-\u9fff][^\n]*\s/\s+[A-Za-z]")


def in_one_language(zh: str, en: str) -> None:
    assert not CJK.search(en), f"Chinese in the English message: {en!r}"
    assert not BOTH.search(zh), f"an English tail in the Chinese message: {zh!r}"


# --- every template, every coded table ----------------------------------------------------


def sample_params(code: str) -> dict[str, Any]:
    """A value for every placeholder of ``code``'s two templates: a code of its table for a
    coded parameter, a datetime where the template formats one, else plain ASCII."""
    params: dict[str, Any] = {}
    for template in MESSAGES[code]:
        for _, name, spec, _ in string.Formatter().parse(template):
            if not name:
                continue
            table = CODED.get(code, {}).get(name)
            if table is not None:
                params[name] = next(iter(table))
            elif spec and "%" in spec:
                params[name] = START
            else:
                params.setdefault(name, "X1")
    return params


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_renders_in_one_language(code: str) -> None:
    params = sample_params(code)
    zh, en = render(code, params, "zh"), render(code, params, "en")
    in_one_language(zh, en)
    assert "{" not in zh and "{" not in en, "a placeholder left unfilled"


def coded_tables() -> Iterator[tuple[str, str, str]]:
    tables = [t for by_param in CODED.values() for t in by_param.values()]
    tables += [table for _, _, table in DERIVED.values()]
    for table in tables:
        for code, (zh, en) in table.items():
            yield code, zh, en


@pytest.mark.parametrize(("code", "zh", "en"), sorted(set(coded_tables())))
def test_every_coded_name_is_in_one_language(code: str, zh: str, en: str) -> None:
    in_one_language(zh, en)


def test_field_details_name_the_field_in_the_language_of_the_message() -> None:
    for code in FIELD_DETAILS:
        for field in FIELDS:
            detail = Phrase(code, field=field, max_len=9, value=1, allowed="a, b")
            e = DeskError("bad_input", detail=detail, field=field)
            in_one_language(e.message("zh"), e.message("en"))
            assert FIELDS[field][0] in e.message("zh") and FIELDS[field][1] in e.message("en")


# --- the refusals themselves ---------------------------------------------------------------


def _staff(**kw: str) -> Callable[[Kit], object]:
    fields = {"code": "x1", "name": "赵", "role": "desk", "password": "12345678", **kw}
    return lambda k: k.desk.write(staff.add_staff, ADMIN, **fields)


def _confirm(period: str) -> Callable[[Kit], object]:
    return lambda k: k.desk.write(checklist.confirm, LIBRARIAN, "x", True, None, period)


def _title(**kw: object) -> Callable[[Kit], object]:
    return lambda k: k.desk.write(holdings.add_title, LIBRARIAN, **{"title": "书", **kw})


def _csv(data: bytes) -> Callable[[Kit], object]:
    return lambda k: k.desk.write(visits.import_counter_csv, LIBRARIAN, data)


#: refusals raised by the desk's services through the facade, as staff meet them
DESK_REFUSALS: dict[str, Callable[[Kit], object]] = {
    "empty name": _staff(name=" "),
    "bad role": _staff(role="boss"),
    "staff code": _staff(code="x-1"),
    "short password": _staff(password="1"),
    "nothing to search": lambda k: k.desk.read(search.search_holdings, LIBRARIAN, "* ?"),
    "query too long": lambda k: k.desk.read(search.search_holdings, LIBRARIAN, "书" * 201),
    "end before start": lambda k: k.desk.read(
        duty.day_hours, LIBRARIAN, date(2026, 2, 1), date(2026, 1, 1)
    ),
    "400 days": lambda k: k.desk.read(
        duty.day_hours, LIBRARIAN, date(2024, 1, 1), date(2026, 1, 1)
    ),
    "future visits": lambda k: k.desk.write(visits.record_visits, LIBRARIAN, "2099-01-01", 5),
    "visits count": lambda k: k.desk.write(visits.record_visits, LIBRARIAN, "2026-01-01", -1),
    "visits shape": lambda k: k.desk.write(visits.record_visits, LIBRARIAN, "x", "y"),
    "empty file": _csv(b" \n"),
    "no columns": _csv(b"a,b\nc,d\n"),
    "future month": _confirm("2099-01"),
    "month shape": _confirm("2026-13"),
    "unknown field": lambda k: k.desk.write(readers.edit, LIBRARIAN, k.reader(), colour="red"),
    "phone digits": lambda k: k.desk.write(readers.edit, LIBRARIAN, k.reader(), phone="call me"),
    "permission": lambda k: k.desk.write(holdings.add_title, FRONT, title="书"),
    "direction": lambda k: k.desk.read(shipments.list_shipments, LIBRARIAN, "up"),
    "resolution": lambda k: k.desk.write(syncview.resolve, LIBRARIAN, "u", "shrug"),
    "resolve note": lambda k: k.desk.write(syncview.resolve, LIBRARIAN, "u", "correct"),
    "no exception": lambda k: k.desk.write(syncview.resolve, LIBRARIAN, "u", "accept"),
    "year text": _title(year="x"),
    "year range": _title(year=1200),
    "empty title": _title(title=""),
    "control chars": _title(title="书\x07"),
    "report year": lambda k: k.desk.read(stats.circulation_by_month, LIBRARIAN, "abc"),
}


@pytest.mark.parametrize("attempt", DESK_REFUSALS.values(), ids=DESK_REFUSALS.keys())
def test_desk_refusals_read_in_one_language(kit: Kit, attempt: Callable[[Kit], object]) -> None:
    with pytest.raises(DeskError) as info:
        attempt(kit)
    e = info.value
    in_one_language(e.message("zh"), e.message("en"))
    document = json.loads(json.dumps(e.to_dict("en")))  # JSON-able, every parameter a value
    assert isinstance(document["message"], str) and not CJK.search(document["message"])
    assert all(not CJK.search(str(v)) for v in document["params"].values())


BORN_2099 = "11010120990101001" + ric.calc_check_digit("11010120990101001" + "0")
PURE_REFUSALS: list[tuple[str, Callable[[], object]]] = [
    ("not text", lambda: clean_text(5, field="note", max_len=5)),
    ("too long", lambda: clean_text("abcdef", field="marc_title", max_len=5)),
    ("clc empty", lambda: validate_clc(" ")),
    ("clc class", lambda: validate_clc("1")),
    ("clc main", lambda: validate_clc("W1")),
    ("clc second", lambda: validate_clc("TZ1")),
    ("clc dots", lambda: validate_clc("I24.757")),
    ("id length", lambda: check_id_number("123")),
    ("id checksum", lambda: check_id_number("110101199001010010")),
    ("id future", lambda: check_id_number(BORN_2099, date(2026, 1, 1))),
    ("export suffix", lambda: exports.write_tables(Path("x.txt"), {})),
    ("export dir", lambda: exports.write_tables(Path("/no/such/dir/x.csv"), {})),
    ("marc format", lambda: marc_import.read_file(Path("x"), fmt="pdf")),
    ("marc encoding", lambda: marc_import.read_file(Path("x"), encoding="latin9")),
    ("marc file", lambda: marc_import.read_file(Path("/no/such/file.iso"))),
    ("passphrase", lambda: new_keypair(b"short")),
    (
        "point name",
        lambda: Desk.initialise(
            Path("/no/such/dir"), point_code="A", point_name="", level="street"
        ),
    ),
    (
        "point code",
        lambda: Desk.initialise(
            Path("/no/such/dir"), point_code="?", point_name="A", level="street"
        ),
    ),
    ("undecodable", lambda: visits.parse_counter_csv(b"\xff\xfe\x00\xd8", date(2026, 1, 1))),
]


@pytest.mark.parametrize(
    "attempt", [a for _, a in PURE_REFUSALS], ids=[n for n, _ in PURE_REFUSALS]
)
def test_shared_checks_read_in_one_language(attempt: Callable[[], object]) -> None:
    with pytest.raises(DeskError) as info:
        attempt()
    in_one_language(info.value.message("zh"), info.value.message("en"))


@pytest.mark.parametrize("raw", ["abc", "1200", "2999"])
def test_hub_report_year_refusal_reads_in_one_language(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv("XCLIB_LANG", lang)
        with pytest.raises(HubError) as info:
            year_arg(raw)
        said[lang] = info.value.message
    in_one_language(said["zh"], said["en"])


def test_cli_lang_en_refusal_is_english_and_json_carries_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "p")]
    assert (
        desk_cli.main([*data, "init", "--point", "P1", "--name", "一号", "--level", "street"]) == 0
    )
    capsys.readouterr()
    rc = desk_cli.main([*data, "--lang", "en", "--json", "search", "* ?"])
    out, err = capsys.readouterr()
    assert rc == 1 and not CJK.search(err)
    error = json.loads(out)["error"]
    assert error["code"] == "bad_input"
    assert error["message"] == "Invalid input: nothing to search for"
    assert error["params"] == {"detail": "nothing to search for"}
    rc = desk_cli.main([*data, "--lang", "zh", "search", "* ?"])
    assert rc == 1 and "[bad_input] 输入无效：查询没有可检索的文字" in capsys.readouterr().err


def test_a_detail_renders_in_the_language_asked_for() -> None:
    e = DeskError("bad_input", detail=Text("价格不合理", "implausible price"))
    assert e.message("zh") == "输入无效：价格不合理"
    assert e.message("en") == "Invalid input: implausible price"
    assert e.to_dict("zh")["params"] == {"detail": "价格不合理"}
    when = datetime(2026, 1, 2, 3, 4, tzinfo=BEIJING)
    assert errors.json_param(when) == when.isoformat()


# --- the source -------------------------------------------------------------------------------

#: calls whose string arguments are display text: refusals and the CLI's ``say(zh, en)``
REFUSALS = {"DeskError", "BlockedError", "HubError"}


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _literal(node: ast.AST) -> str | None:
    """The text of a string literal or f-string (placeholders as ``{}``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _loose_strings(node: ast.AST) -> Iterator[str]:
    """String literals under ``node`` that are not inside a ``Text`` or ``Phrase``."""
    if isinstance(node, ast.Call) and _name(node) in {"Text", "Phrase"}:
        return
    text = _literal(node)
    if text is not None:
        yield text
        return
    for child in ast.iter_child_nodes(node):
        yield from _loose_strings(child)


def problems(source: str, where: str) -> list[str]:
    """What breaks the one-language rule in ``source``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        args = [_literal(a) for a in node.args]
        kw = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
        at = f"{where}:{node.lineno}"
        for k in node.keywords:  # detail="中文 / English", wherever it is written
            text = _literal(k.value)
            if k.arg == "detail" and text is not None and BOTH.search(text):
                found.append(f"{at}: a detail in both languages: {text!r}")
        if name in REFUSALS:
            for arg in [*node.args[1:], *(k.value for k in node.keywords)]:
                for text in _loose_strings(arg):
                    if IDEOGRAPH.search(text):
                        found.append(f"{at}: Chinese outside a Text pair: {text!r}")
            code = args[0] if name != "HubError" else (args[2] if len(args) > 2 else None)
            if name != "HubError" and code is not None and code not in MESSAGES:
                found.append(f"{at}: {code!r} has no message")
        elif name in {"Text", "say"} and len(args) == 2 and None not in args:
            zh, en = args
            assert zh is not None and en is not None
            if IDEOGRAPH.search(en) or BOTH.search(zh):
                found.append(f"{at}: {name}({zh!r}, {en!r}) mixes the languages")
        elif name == "Phrase" and args and args[0] is not None:
            if args[0] not in MESSAGES:
                found.append(f"{at}: Phrase {args[0]!r} has no message")
            if args[0] in FIELD_DETAILS and kw.get("field") not in (None, *FIELDS):
                found.append(f"{at}: field {kw.get('field')!r} is not in errors.FIELDS")
        elif name in {"clean_text", "one_of"}:
            field = kw.get("field") if name == "clean_text" else args[0] if args else None
            if field is not None and field not in FIELDS:
                found.append(f"{at}: field {field!r} is not in errors.FIELDS")
        elif name == "require_role" and kw.get("action") not in (None, *errors.ACTIONS):
            found.append(f"{at}: action {kw.get('action')!r} is not in errors.ACTIONS")
    return found


def test_no_refusal_in_the_source_says_both_languages_at_once() -> None:
    found = [
        p
        for path in sorted(PACKAGE.rglob("*.py"))
        for p in problems(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "planted",
    [
        'raise DeskError("bad_input", detail="查询没有可检索的文字 / nothing to search for")\n',
        'raise DeskError("bad_input", detail=f"{name} 过长")\n',
        'record(s, ctx, "x", p, detail="盘点缺失 / missing in inventory")\n',
        'raise HubError(422, "bad_input", f"{y} 年尚未开始")\n',
        'x = Text("价格不合理", "价格")\n',
        'x = say("已处理 / records", "records")\n',
        'x = Phrase("no_such_message")\n',
        'clean_text(raw, field="姓名 name", max_len=5)\n',
        'require_role(ctx, "admin", action="launch rockets")\n',
    ],
)
def test_the_scan_fails_on_a_planted_violation(planted: str) -> None:
    assert problems(planted, "planted.py")
