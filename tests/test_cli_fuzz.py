"""Every ``xclib-desk`` verb, driven with random arguments, keeps the CLI's contract.

The verbs are read from the parser itself (``build_parser``: every area of ``cli.AREAS``), so a
verb added tomorrow is fuzzed without touching this file. Each run must end in 0 (done), 1 (a
refusal with a message) or 2 (usage): never 3 (an unexpected failure), never a traceback; and
whenever it did not succeed, the store's content (a hash of every table's rows, not of the
file's bytes) is exactly what it was. Arguments are drawn from what people and scripts really
pass: free text with control characters and Chinese, huge and non-finite numbers, dates that
are not dates, and paths that cannot be used (/proc/sys, a file where a folder belongs, a folder
that does not exist).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xclib_desk.cli import build_parser, main

CARD, ITEM, ITEM2 = "XC00000001", "X000000001", "X000000002"
ISBN13 = "9787020002207"
ID = ("--id-number", "11010519491231002X")
#: verbs that open a window or never return: not for a test
SKIP = {("gui",), ("demo",), ("sip2", "serve")}  # sip2 serve: tests/test_sip2*.py
#: options that make a verb run until stopped
ENDLESS = {"--loop"}


def leaf_verbs() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """(verb path, its parser) for every verb the CLI has, nouns' sub-verbs included."""

    def walk(
        parser: argparse.ArgumentParser, path: tuple[str, ...]
    ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield path, parser
            return
        for name, child in subs[0].choices.items():
            yield from walk(child, (*path, name))

    return [(p, sp) for p, sp in walk(build_parser(), ()) if p and p not in SKIP]


VERBS = leaf_verbs()


#: the sync engine's notes about its own runs: a failed sync records its failure (that is
#: what the status bar shows), the point's data does not change
OWN_BOOKKEEPING = {"sync_state"}


def content_hash(data: Path) -> str:
    """A hash of every table's rows (the point's data), not of the file's bytes."""
    con = sqlite3.connect(data / "store.sqlite3")
    h = hashlib.sha256()
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for t in sorted(set(tables) - OWN_BOOKKEEPING):
        for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
            h.update(repr((t, row)).encode())
    con.close()
    return h.hexdigest()


def values(tmp: Path) -> st.SearchStrategy[str]:
    """One argument value: plausible, hostile, numeric or a path."""
    afile = tmp / "afile.txt"
    paths = [
        "/proc/sys",
        "/proc/sys/kernel",
        "/proc/sys/out.csv",
        "/proc/sys/out.xlsx",
        "/nonexistent/folder/x.csv",
        str(afile),
        str(afile / "x.csv"),
        str(tmp / "out"),
        str(tmp / "out" / "report.xlsx"),
        str(tmp / "report.csv"),
    ]
    known = [
        CARD,
        ITEM,
        ITEM2,
        ISBN13,
        "XC-DSX",
        "admin",
        "desk1",
        "adult",
        "book",
        "2026-11-24",
        "2026-02-30",
        "2026-11",
        "2026",
        "I242.47/C173",
        "I247.57",
        "https://hub.invalid",
        "http://10.0.0.9:8000",
        "http://127.0.0.1:9",
        "ftp://x",
        "",
    ]
    numbers = st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["1e308", "-1e308", "1e400", "inf", "-inf", "nan", "0", "-0", "9" * 40]),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )
    text = st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=24,
    )
    return st.one_of(st.sampled_from(known), st.sampled_from(paths), numbers, text)


@st.composite
def command(draw: st.DrawFn, tmp: Path) -> list[str]:
    path, parser = draw(st.sampled_from(VERBS))
    value = values(tmp)
    argv: list[str] = list(path)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or (
            not action.option_strings and not (action.dest and action.nargs != 0)
        ):
            continue
        if action.option_strings:
            flag = action.option_strings[-1]
            if flag in ENDLESS or flag in ("--data-dir", "--json", "--lang", "--staff"):
                continue
            if not action.required and not draw(st.booleans()):
                continue
            if action.nargs == 0:
                argv.append(flag)
                continue
            if action.required and draw(st.integers(0, 15)) == 0:
                continue  # now and then a missing option: a usage error
            argv.append(flag)
        choices = list(action.choices) if action.choices else None
        count = {"*": draw(st.integers(0, 2)), "+": draw(st.integers(1, 2))}.get(
            str(action.nargs), 1
        )
        for _ in range(count):
            if choices and draw(st.integers(0, 4)):
                argv.append(str(draw(st.sampled_from(choices))))
            else:
                argv.append(draw(value))
    who = draw(st.sampled_from([None, "admin", "desk1", "nobody"]))
    lang = draw(st.sampled_from(["zh", "en"]))
    as_json = ["--json"] if draw(st.booleans()) else []
    return [*(["--staff", who] if who else []), "--lang", lang, *as_json, *argv]


def build_store(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    staff = ["staff", "add", "--name", "某人", "--password"]
    steps = [
        ["init", "--point", "XC-DSX", "--name", "德胜街道分馆", "--level", "street"],
        [*staff, "admin1234", "--code", "admin", "--role", "admin"],
        ["--staff", "admin", *staff, "desk1234", "--code", "desk1", "--role", "desk"],
        ["--staff", "admin", "title", "add", "--title", "红楼梦", "--isbn", ISBN13],
        *(
            [
                "--staff",
                "admin",
                "item",
                "add",
                "--barcode",
                b,
                "--title",
                ISBN13,
                "--call-number",
                "I242.47/C173",
            ]
            for b in (ITEM, ITEM2)
        ),
        ["reader", "add", "--card", CARD, "--name", "张三", "--type", "adult", *ID],
        ["checkout", CARD, ITEM],
    ]
    for argv in steps:
        assert main(["--data-dir", str(data), *argv]) == 0, (argv, capsys.readouterr())
    capsys.readouterr()


def test_every_verb_keeps_the_contract_under_random_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "point"
    build_store(data, capsys)
    (tmp_path / "afile.txt").write_text("not a folder\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # no verb may reach the network: every request meets a closed port at once
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    for var in ("NO_PROXY", "no_proxy", "XCLIB_STAFF"):
        monkeypatch.delenv(var, raising=False)

    @settings(
        max_examples=int(os.environ.get("XCLIB_FUZZ_EXAMPLES", "200")),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(argv=command(tmp_path))
    def run(argv: list[str]) -> None:
        before = content_hash(data)
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        try:
            code = main(["--data-dir", str(data), *argv])
        except SystemExit as e:  # argparse: a usage error
            code = int(e.code or 0)
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, (argv, err)
        assert code in (0, 1, 2), (argv, code, err)
        if code != 0:
            assert err.strip(), (argv, "no message")
            assert content_hash(data) == before, (argv, code, err)
        if code == 1 and "--json" in argv:  # one document, as scripts read it
            doc = json.loads(out)
            # (``shipment add-list --strict`` exits 1 with its result when a line was refused)
            if doc["ok"] is False:
                assert doc["error"]["code"] and doc["error"]["message"], (argv, doc)

    run()
    assert content_hash(data)  # the store still opens after all of it


def test_the_fuzz_reaches_every_verb() -> None:
    """The verb table the fuzz draws from is the CLI's whole table (minus the windows)."""
    names = {" ".join(p) for p, _ in VERBS}
    assert {"checkout", "item add", "backup", "restore", "enrol", "shipment add"} <= names
    assert len(names) >= 50


#: the verbs that report on a year (the fuzz found ``activity figures --year -1`` failing)
YEAR_VERBS = [("activity", "figures"), ("stats",), ("compliance",)]


@pytest.mark.parametrize("year", ["-1", "0", "10000", "9" * 30])
def test_a_report_of_a_year_no_calendar_has_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    data = tmp_path / "point"
    build_store(data, capsys)
    for verb in YEAR_VERBS:
        code = main(
            ["--data-dir", str(data), "--staff", "admin", "--lang", "en", *verb, "--year", year]
        )
        err = capsys.readouterr().err
        assert (code, "Traceback" in err) == (1, False), (verb, err)
        assert "bad_input" in err, (verb, err)
