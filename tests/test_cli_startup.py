"""A verb that needs no pinyin never loads pypinyin (nor alembic on a store at its newest schema),
nor any other heavy module it does not use: the hub's client and wire formats only for a verb
that talks to the hub, no database dialect but SQLite's.

pypinyin builds its phrase dictionary when imported (about a second of CPU), so a ``status`` or a
``checkout`` that imports it starts slowly for nothing; the same holds, at a smaller scale, for
the optional libraries of other areas (MARC, spreadsheets, the hub's web stack, the window) and
for the areas of verbs that did not run (``cli.AREAS`` imports only the named verb's area). Each
verb runs in a fresh process, as from a shell, and reports which of the heavy modules it loaded;
tests never assert on time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xclib_desk import cli, models
from xclib_desk import store as store_module
from xclib_desk.cli import main
from xclib_desk.cli.common import Verbs, common_options
from xclib_desk.desk import Desk

CARD, ITEM = "XC00000001", "X000000001"
ISBN13 = "9787020002207"
ID = "11010519491231002X"
HEAVY = (
    "pypinyin",
    "alembic",
    "argon2",  # staff passwords: only with --staff or a staff verb
    "cryptography",  # package signatures: only when a package is installed
    "requests",  # the hub: only a sync that talks to it
    "urllib3",
    "zstandard",  # the wire's compression
    "httpx",
    "xclib_desk.protocol.wire",  # the envelopes of the hub's API
    "xclib_desk.sync.apply",  # the pull's appliers
    "xclib_desk.hub",
    "sqlalchemy.dialects.postgresql",  # the store is SQLite: the hub's database only
    # tables of areas that did not run (``models`` imports a table's module on first use)
    "xclib_desk.models.activities",
    "xclib_desk.models.inventory",
    "xclib_desk.models.kiosks",
    "xclib_desk.models.staffing",
    "pymarc",
    "openpyxl",
    "fastapi",
    "uvicorn",
    "PySide6",
    "xclib_desk.sync.engine",
    "xclib_desk.cli.holdings",  # an area of verbs that did not run
    "xclib_desk.cli.sip2",
)
#: what the sync engine brings with it
SYNC_ENGINE = (
    "xclib_desk.sync.engine",
    "requests",
    "urllib3",
    "zstandard",
    "cryptography",
    "xclib_desk.protocol.wire",
    "xclib_desk.sync.apply",
    "xclib_desk.models.activities",  # the pull applies the district's activities
)
#: run a verb in a fresh interpreter; print the heavy modules it loaded on stderr's last line
PROBE = (
    "import json, sys\n"
    "from xclib_desk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
    "print(json.dumps({'code': code, 'loaded': loaded}), file=sys.stderr)\n"
)


def interpreter(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter running ``args``, on this checkout's package whatever else is
    installed."""
    tree = Path(__file__).parents[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), *sys.path]))
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or tree,
        timeout=120,
        check=False,
    )


def fresh(script: str, data: Path, *argv: str) -> tuple[dict[str, Any], str]:
    """Run ``script`` in a fresh interpreter on the store ``data`` with ``--json`` and ``argv``:
    the report it printed on stderr's last line, and its stdout."""
    done = interpreter("-c", script, "--data-dir", str(data), "--json", *argv)
    report: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return report, done.stdout


def probe(data: Path, *argv: str) -> dict[str, Any]:
    return fresh(PROBE, data, *argv)[0]


@pytest.fixture()
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "point"
    admin = ["--staff", "admin"]
    steps = [
        ["init", "--point", "XC-DSX", "--name", "德胜街道分馆", "--level", "street"],
        [
            "staff",
            "add",
            "--code",
            "admin",
            "--name",
            "管",
            "--role",
            "admin",
            "--password",
            "a" * 8,
        ],
        [*admin, "title", "add", "--title", "红楼梦", "--isbn", ISBN13, "--clc", "I242.47"],
        [
            *admin,
            "item",
            "add",
            "--barcode",
            ITEM,
            "--title",
            ISBN13,
            "--call-number",
            "I242.47/C1",
        ],
        ["reader", "add", "--card", CARD, "--name", "张三", "--type", "adult", "--id-number", ID],
    ]
    for argv in steps:
        assert main(["--data-dir", str(data), "--json", *argv]) == 0, argv
    capsys.readouterr()
    return data


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["checkout", CARD, ITEM],
        ["loans", CARD],
        ["reader", "show", CARD],
        ["sync"],  # not enrolled: refused, but it must still start without pinyin
    ],
    ids=lambda a: a[0],
)
def test_a_verb_without_pinyin_loads_neither_pypinyin_nor_alembic(
    store: Path, argv: list[str]
) -> None:
    report = probe(store, *argv)
    # the sync engine (and the hub's client, the package signatures) is the sync verb's job
    allowed = SYNC_ENGINE if argv[0] == "sync" else ()
    assert [m for m in report["loaded"] if m not in allowed] == [], report  # type: ignore[attr-defined]
    assert report["code"] in (0, 1), report


def test_a_verb_that_needs_pinyin_loads_it_on_first_use(store: Path) -> None:
    """The lazy loader is no switch-off: indexing a new title still makes its pinyin."""
    report = probe(
        store, "--staff", "admin", "title", "add", "--title", "西游记", "--isbn", "9787020008735"
    )
    assert report["code"] == 0, report
    assert "pypinyin" in report["loaded"], report  # type: ignore[operator]


def test_the_areas_table_says_what_each_area_registers() -> None:
    """``cli.AREAS`` names each area's verbs as text so a run imports one area only: the text
    must be what the module registers, or a verb would be unreachable."""
    for area in cli.AREAS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="verb")
        cli.area_module(area).register(Verbs(sub, common_options()))
        assert tuple(sub.choices) == area.verbs, area.module
    names = [v for area in cli.AREAS for v in area.verbs]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["--data-dir", "D", "--json", "checkout", CARD, ITEM, "--now", "2026-12-06 09:00"],
        ["--data=D", "--staff", "status", "reader", "show", CARD],  # a value that is a verb
        ["--js", "loans", CARD, "--lang", "en"],  # abbreviated options, as argparse reads them
        ["sync", "--json"],
    ],
)
def test_one_area_parses_as_the_whole_parser_does(argv: list[str]) -> None:
    assert cli.parse(argv) == cli.build_parser().parse_args(argv)


@pytest.mark.parametrize(
    "argv", [["stat"], ["status", "--bogus"], ["checkout", CARD], ["--help"], ["status", "-h"]]
)
def test_a_usage_error_or_help_reads_as_from_the_whole_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as whole:
        cli.build_parser().parse_args(argv)
    expected = capsys.readouterr()
    with pytest.raises(SystemExit) as one:
        cli.parse(argv)
    assert one.value.code == whole.value.code
    assert capsys.readouterr() == expected


def test_a_store_left_clean_opens_without_its_page_check(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quick_check`` reads every page (seconds at district size), so it runs only when the
    file is not exactly as this program left it at a clean close: written by another program,
    damaged, or left with a write-ahead log by a crash."""
    checked: list[Path] = []
    real = store_module.check_store
    monkeypatch.setattr(
        store_module, "check_store", lambda path, full=True: checked.append(path) or real(path)
    )
    Desk.open(store).close()
    assert checked == []  # the fixture's last verb closed it cleanly
    path = store / store_module.STORE_FILE
    with path.open("r+b") as f:  # another program writes the file (the same bytes, even)
        head = f.read(100)
        f.seek(0)
        f.write(head)
    Desk.open(store).close()
    assert checked == [path]
    Path(f"{path}-wal").write_bytes(b"\0" * 32)  # a log left behind, as by a crash
    Desk.open(store).close()
    assert checked == [path, path]
    Desk.open(store).close()
    assert checked == [path, path]  # closed clean again


def test_every_table_class_is_found_through_the_models_package() -> None:
    """The package imports a table's module on first use (``models.HOMES``): a class missing
    from the table would be unreachable as ``models.X``, and its table missing from what
    :func:`models.load_all` gives alembic."""
    models.load_all()
    mapped = {m.class_.__name__: m.class_.__module__ for m in models.Base.registry.mappers}
    assert {k: f"{models.__name__}.{v}" for k, v in models.HOMES.items()} == mapped
    modules = {m.name for m in pkgutil.iter_modules(models.__path__)} - {"base"}
    assert modules == set(models.HOMES.values())
    for name in models.__all__:
        assert getattr(importlib.import_module(models.__name__), name) is not None


#: the console script's entry, then what the collector was left doing
LAUNCH = (
    "import gc, json, sys\n"
    "from xclib_desk import launch\n"
    "code = launch.desk(sys.argv[1:])\n"
    "class Cycle:\n"
    "    pass\n"
    "a, b = Cycle(), Cycle()\n"
    "a.other, b.other = b, a\n"
    "del a, b\n"
    "report = {'code': code, 'enabled': gc.isenabled(), 'frozen': gc.get_freeze_count(),\n"
    "          'collected': gc.collect()}\n"
    "print(json.dumps(report), file=sys.stderr)\n"
)


def test_the_console_script_keeps_start_up_out_of_the_collector_and_still_collects(
    store: Path,
) -> None:
    """``xclib-desk`` loads the program with the cyclic collector paused and freezes what
    start-up made (its full passes over those objects were a fifth of a ``status``), then
    hands the verb a working collector: the window and ``sip2 serve`` run for days and must
    still free cycles."""
    report, out = fresh(LAUNCH, store, "status")
    assert report["code"] == 0 and json.loads(out)["result"]["readers"] == 1
    assert report["enabled"] is True
    assert report["frozen"] > 50_000  # the modules, the tables, the protocol's models
    assert report["collected"] >= 2  # a cycle made after start-up is freed


#: load the program as the launcher does, noting every collection that starts meanwhile
LOADING = (
    "import gc, importlib, json, sys\n"
    "from xclib_desk.common import collector\n"
    "passes = []\n"
    "gc.callbacks.append(lambda phase, info: passes.append(info) if phase == 'start' else None)\n"
    "with collector.starting_up():\n"
    "    importlib.import_module('xclib_desk.cli')\n"
    "report = {'passes': list(passes), 'frozen': gc.get_freeze_count()}\n"
    "print(json.dumps(report), file=sys.stderr)\n"
)


def test_loading_the_program_walks_none_of_what_it_made(store: Path) -> None:
    """What start-up made is frozen before the collector is back: re-enabled first, its very
    next young pass walked the whole start-up heap (~25 ms of every verb)."""
    report, _ = fresh(LOADING, store)
    assert report["frozen"] > 50_000
    assert report["passes"] == []


def test_the_self_test_starts_without_the_window_toolkit(tmp_path: Path) -> None:
    """``--self-test`` (what CI runs through the bundle) names its first step: start-up loaded
    no Qt; then its circulation round passes."""
    done = interpreter(
        "-c",
        "import sys; from xclib_desk import launch; sys.exit(launch.desk(['--self-test']))",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "start-up: no window toolkit loaded" in done.stdout
    assert done.stdout.rstrip().endswith("self-test passed")


def test_the_installed_scripts_start_through_the_launcher() -> None:
    """The console scripts and the bundle's entry are the launcher's (a script pointing at
    ``cli:main`` again would quietly lose what it saves)."""
    tree = Path(__file__).parents[1]
    text = (tree / "pyproject.toml").read_text(encoding="utf-8")
    assert 'xclib-desk = "xclib_desk.launch:desk"' in text
    assert 'xclib-hub = "xclib_desk.launch:hub"' in text
    assert "from xclib_desk.launch import desk" in (tree / "packaging/desk_entry.py").read_text(
        encoding="utf-8"
    )
