"""The SIP2 server end to end, driven by an independent client (PyPI ``Sip2``) as a kiosk.

Every answer is checked on the wire and in the store: a kiosk loan is a loan with its event and
audit entry under the kiosk's actor; a refusal changes nothing and says why on the screen.
"""

from __future__ import annotations

import contextlib
import gc
import io
import socket
import ssl
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FRONT, LIBRARIAN, POINT, Kit
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sip2_fixtures import (
    KIOSK,
    KIOSK_PASSWORD,
    PIN,
    Kiosk,
    add_kiosk,
    kiosk,
    pin_reader,
    raw,
    read_frame,
    served,
    start_server,
    var,
)

from xclib_desk.desk import Desk
from xclib_desk.models import AuditEntry, Reader
from xclib_desk.services import circulation, readers
from xclib_desk.sip2.codec import RESPONSE_FIXED, Message, decode, encode
from xclib_desk.sip2.server import Sip2Server
from xclib_desk.sip2.status import read_status

__all__ = ["kiosk", "served"]  # fixtures


def test_login_and_status_name_what_the_desk_answers(served: Sip2Server, tmp_path: Path) -> None:
    k = Kiosk(served.address[1], tmp_path)
    before = k.status()
    assert before["fixed"]["OnlineStatus"] == "N"  # not signed in: nothing served yet
    assert k.login(KIOSK, "wrong-password")["fixed"]["Ok"] == "0"
    assert k.login()["fixed"]["Ok"] == "1"
    st = k.status()
    assert st["fixed"]["OnlineStatus"] == "Y"
    assert st["fixed"]["CheckinOk"] == "Y" and st["fixed"]["CheckoutOk"] == "Y"
    assert st["fixed"]["StatusUpdateOk"] == "N" and st["fixed"]["OfflineOk"] == "N"
    assert st["fixed"]["ProtocolVersion"] == "2.00"
    assert var(st, "BX") == "YYYNYYYYYNYNNNYY"
    assert var(st, "AO") == POINT and var(st, "AN") == "一层大厅"
    k.close()
    with served.desk.session(write=False) as s:
        actions = [a.action for a in s.query(AuditEntry).filter(AuditEntry.action.like("kiosk.%"))]
    assert actions.count("kiosk.signin_failed") == 1 and actions.count("kiosk.signin") == 1


def test_a_dropped_kiosk_prints_nothing_into_another_tests_output(
    served: Sip2Server, tmp_path: Path
) -> None:
    """The client's finaliser runs when the collector likes, e.g. inside a CLI's captured JSON."""
    k = Kiosk(served.address[1], tmp_path)
    k.login()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        del k
        gc.collect()
    assert out.getvalue() == ""


def test_messages_before_login_are_refused_in_words(served: Sip2Server, kit: Kit) -> None:
    card, bc = pin_reader(kit), kit.item()
    before = kit.counts()
    frame = encode(Message("11", "NN" + " " * 36, (("AO", POINT), ("AA", card), ("AB", bc))))
    reply = decode(raw(served.address[1], frame), fixed=RESPONSE_FIXED)
    assert reply.command == "12" and reply.fixed[0] == "0"
    assert reply.get("AF") == "自助机未登录。"
    assert kit.counts() == before


def test_checkout_is_a_desk_loan_under_the_kiosk_actor(kiosk: Kiosk, kit: Kit) -> None:
    card, bc = pin_reader(kit), kit.item()
    kiosk.patron(card, PIN)
    r = kiosk.checkout(bc)
    assert r["fixed"]["Ok"] == "1" and r["fixed"]["Desensitize"] == "Y"
    loan = kit.loan(bc)
    assert var(r, "AB") == bc and var(r, "AA") == card and var(r, "AJ") == "红楼梦"
    assert var(r, "AH") == loan.due_date.strftime("%Y%m%d") + "    235959"
    assert (
        var(r, "AF") == f"借阅成功，请于 {loan.due_date.year}年{loan.due_date.month}月"
        f"{loan.due_date.day}日 前归还。"
    )
    assert loan.staff_code == f"kiosk-{KIOSK}"
    ev = kit.last_event()
    assert ev.type == "loan.checked_out" and ev.staff_code == f"kiosk-{KIOSK}"
    assert kit.audit_for(ev.seq).action == "loan.checked_out"
    # the checksum of the answer adds up: error detection both ways
    assert kiosk.c.last_response.rstrip("\r")[-6:-4] == "AZ"
    body = kiosk.c.last_response.rstrip("\r").encode()
    assert (sum(body[:-4]) + int(body[-4:], 16)) & 0xFFFF == 0


def test_kiosk_rules_refuse_with_the_reason_on_screen(kiosk: Kiosk, kit: Kit) -> None:
    card = pin_reader(kit)
    book, ref = kit.item(), kit.item("reference")
    before = kit.counts()
    kiosk.patron(card, "")  # no password: the package requires one at kiosks
    r = kiosk.checkout(book)
    assert r["fixed"]["Ok"] == "0" and var(r, "AF") == "请输入读者密码。"
    kiosk.patron(card, "9999")
    r = kiosk.checkout(book)
    assert r["fixed"]["Ok"] == "0" and var(r, "AF") == "请输入读者密码。"
    kiosk.patron(card, PIN)
    r = kiosk.checkout(ref)
    assert r["fixed"]["Ok"] == "0"
    assert var(r, "AF") == "工具书不能在自助机借阅，请到服务台办理。", var(r, "AF")
    assert kit.counts() == before


def test_a_kiosk_never_overrides_a_reader_block(kiosk: Kiosk, kit: Kit) -> None:
    card, bc = pin_reader(kit), kit.item()
    kit.desk.write(readers.block, LIBRARIAN, card, "证件遗失")
    before = kit.counts()
    kiosk.patron(card, PIN)
    r = kiosk.checkout(bc)
    assert r["fixed"]["Ok"] == "0" and "证件遗失" in var(r, "AF")
    assert kit.counts() == before
    st = kiosk.patron_status()
    assert st["fixed"]["PatronStatus"][:4] == "YYYY"  # charge/renew/recall/hold denied


def test_patron_information_lists_charged_and_overdue_items(
    kiosk: Kiosk, kit: Kit, desk: Desk
) -> None:
    card = pin_reader(kit)
    old, new = kit.item(), kit.item()
    desk.write(circulation.check_out, FRONT, card, old)
    kit.clock.advance(days=30)
    desk.write(circulation.check_out, FRONT, card, new)
    kit.clock.advance(days=20)  # the first loan is overdue now, the second is not
    kiosk.patron(card, PIN)
    info = kiosk.patron_info("charged")
    assert info["fixed"]["ChargedItemsCount"] == "0002"
    assert info["fixed"]["OverdueItemsCount"] == "0001"
    assert sorted(info["variable"]["AU"]) == sorted([old, new])
    assert var(info, "CQ") == "Y" and var(info, "BL") == "Y" and var(info, "AE") == "张三"
    overdue = kiosk.patron_info("overdue")
    assert overdue["variable"]["AT"] == [old]
    assert overdue["fixed"]["PatronStatus"][6] == "Y"  # too many items overdue
    assert float(var(overdue, "BV")) > 0 and var(overdue, "BH") == "CNY"
    kiosk.patron(card, "0000")
    assert var(kiosk.patron_status(), "CQ") == "N"


def test_checkin_of_another_points_copy_says_where_it_goes(
    kiosk: Kiosk, kit: Kit, desk: Desk
) -> None:
    card = pin_reader(kit)
    mine, theirs = kit.item(), kit.item(owner="DSJD")
    for bc in (mine, theirs):
        desk.write(circulation.check_out, FRONT, card, bc)
    home = kiosk.checkin(mine)
    assert home["fixed"]["Ok"] == "1" and home["fixed"]["Alert"] == "N"
    assert var(home, "AQ") == POINT and var(home, "AF") == "还书成功，谢谢。"
    away = kiosk.checkin(theirs)
    assert away["fixed"]["Ok"] == "1" and away["fixed"]["Alert"] == "Y"
    assert away["fixed"]["Resensitize"] == "N"
    assert var(away, "AQ") == "DSJD" and var(away, "CT") == "DSJD" and var(away, "CV") == "04"
    assert "德胜街道分馆（DSJD）" in var(away, "AF")
    assert kit.item_status(theirs) == "in_transit" and kit.item_status(mine) == "available"
    again = kiosk.checkin(mine)
    assert again["fixed"]["Ok"] == "0" and var(again, "AF")


def test_renew_renew_all_item_information_and_end_session(
    kiosk: Kiosk, kit: Kit, desk: Desk
) -> None:
    card = pin_reader(kit)
    a, b = kit.item(), kit.item()
    kiosk.patron(card, PIN)
    for bc in (a, b):
        assert kiosk.checkout(bc)["fixed"]["Ok"] == "1"
    due_before = kit.loan(a).due_date
    r = kiosk.renew(a)
    assert r["fixed"]["Ok"] == "1" and r["fixed"]["RenewalOk"] == "Y"
    assert kit.loan(a).due_date > due_before and kit.loan(a).renewals == 1
    other = pin_reader(kit)
    kiosk.patron(other, PIN)
    assert kiosk.renew(b)["fixed"]["Ok"] == "0"  # not this reader's loan
    kiosk.patron(card, PIN)
    all_ = kiosk.renew_all()
    # a's single renewal is used up; b renews
    assert all_["fixed"]["Ok"] == "1"
    assert all_["variable"]["BM"] == [b] and all_["variable"]["BN"] == [a]
    info = kiosk.item(a)
    assert info["fixed"]["CirculationStatus"] == "04"
    assert var(info, "AH") == kit.loan(a).due_date.strftime("%Y%m%d") + "    235959"
    assert var(info, "AQ") == POINT and var(info, "AJ") == "红楼梦"
    unknown = kiosk.item("NOPE0001")
    assert unknown["fixed"]["CirculationStatus"] == "01" and var(unknown, "AF")
    end = kiosk.end()
    assert end["fixed"]["EndSession"] == "Y" and var(end, "AF") == "谢谢使用，再见。"


def test_bad_checksum_unknown_and_resend(served: Sip2Server, kit: Kit) -> None:
    port = served.address[1]
    good = encode(Message("99", "0080" + "2.00"), error_detection=True)
    assert decode(raw(port, good), fixed=RESPONSE_FIXED).command == "98"
    broken = good[:-5] + (b"0" if good[-5:-4] != b"0" else b"1") + good[-4:]
    assert raw(port, broken).startswith(b"96AZ")
    assert raw(port, b"XX garbage\r").startswith(b"96")
    assert raw(port, b"15NN\r").startswith(b"96")  # hold: known, not served
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(good)
        first = read_frame(s)
        s.sendall(encode(Message("97"), error_detection=True))
        assert read_frame(s) == first  # the last answer again, byte for byte


def test_gb18030_kiosk(desk: Desk, kit: Kit, tmp_path: Path) -> None:
    add_kiosk(desk, "GB1")
    server = start_server(desk, encoding="gb18030")
    try:
        card, bc = pin_reader(kit), kit.item()
        k = Kiosk(server.address[1], tmp_path, encoding="gb18030")
        assert k.login("GB1")["fixed"]["Ok"] == "1"
        k.patron(card, PIN)
        r = k.checkout(bc)
        assert r["fixed"]["Ok"] == "1" and var(r, "AJ") == "红楼梦"
        assert "红楼梦".encode("gb18030") in k.c.last_response.encode("gb18030")
        k.close()
    finally:
        server.stop()


def test_english_kiosk_speaks_english(desk: Desk, kit: Kit, tmp_path: Path) -> None:
    add_kiosk(desk, "EN1", language="en")
    server = start_server(desk)
    try:
        card, ref = pin_reader(kit), kit.item("reference")
        k = Kiosk(server.address[1], tmp_path)
        assert k.login("EN1")["fixed"]["Ok"] == "1"
        k.patron(card, PIN)
        r = k.checkout(ref)
        assert var(r, "AF") == "A kiosk cannot lend reference; please see the desk.", var(r, "AF")
        k.close()
    finally:
        server.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls(desk: Desk, kit: Kit, tmp_path: Path) -> None:
    add_kiosk(desk)
    cert, key = _self_signed(tmp_path)
    server = start_server(desk, tls_cert=cert, tls_key=key)
    try:
        ctx = ssl.create_default_context(cafile=str(cert))
        login = encode(Message("93", "00", (("CN", KIOSK), ("CO", KIOSK_PASSWORD))))
        plain = socket.create_connection(("127.0.0.1", server.address[1]), timeout=5)
        with ctx.wrap_socket(plain, server_hostname="localhost") as s:
            s.sendall(login)
            assert read_frame(s) == b"941\r"
        with pytest.raises((ConnectionError, OSError)):  # plain text to a TLS port: no answer
            got = raw(server.address[1], login, timeout=2)
            if not got:
                raise ConnectionError
    finally:
        server.stop()


def test_connection_limit_and_idle_timeout(desk: Desk, kit: Kit) -> None:
    add_kiosk(desk)
    server = start_server(desk, max_connections=2, idle_timeout=1.0)
    try:
        port = server.address[1]
        held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(2)]
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as third:
            assert third.recv(10) == b""  # refused: closed at once
        time.sleep(2.5)
        for s in held:  # idle past the time-out: hung up
            assert s.recv(10) == b""
            s.close()
        # and the server serves again
        status = encode(Message("99", "0080" + "2.00"))
        assert raw(port, status).startswith(b"98")
    finally:
        server.stop()


def test_repeated_failed_logins_hang_up(served: Sip2Server) -> None:
    bad = encode(Message("93", "00", (("CN", KIOSK), ("CO", "nope"))))
    with socket.create_connection(("127.0.0.1", served.address[1]), timeout=5) as s:
        for _ in range(3):
            s.sendall(bad)
            assert read_frame(s) == b"940\r"
        try:  # hung up: the fourth gets no answer, or a last refusal and the close
            s.sendall(bad)
            assert s.recv(10) in (b"940\r", b"")
            assert s.recv(10) == b""
        except ConnectionResetError:
            pass


def test_live_view_masks_cards_and_hides_passwords(
    kiosk: Kiosk, kit: Kit, served: Sip2Server
) -> None:
    card, bc = pin_reader(kit), kit.item()
    kiosk.patron(card, PIN)
    kiosk.checkout(bc)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        view = read_status(served.desk.data_dir)
        if view.sessions and "-> 121" in str(view.sessions):
            break
        time.sleep(0.2)
    assert view.running and view.sessions[0]["kiosk"] == KIOSK
    text = str(view.sessions)
    assert card not in text and PIN not in text and KIOSK_PASSWORD not in text
    assert card[-4:] in text and "-> 121" in text


def test_cli_kiosks_and_serve(desk: Desk, kit: Kit, tmp_path: Path) -> None:
    data = str(desk.data_dir)
    card = kit.reader()
    desk.close()
    cli = [sys.executable, "-m", "xclib_desk.cli", "--data-dir", data, "--json", "--staff", "lib"]
    out = subprocess.run(
        [*cli, "sip2", "kiosk-add", "--login", "C1", "--name", "柜台旁", "--password-stdin"],
        input="long-password\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert '"login": "C1"' in out.stdout
    refused = subprocess.run(
        [*cli, "sip2", "kiosk-add", "--login", "C1", "--name", "x", "--password", "long-password"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode == 1 and "duplicate_kiosk" in refused.stdout
    subprocess.run([*cli, "sip2", "reader-password", card, "--password", "1357"], check=True,
                   capture_output=True)  # fmt: skip
    listed = subprocess.run([*cli, "sip2", "kiosks"], capture_output=True, text=True, check=True)
    assert '"C1"' in listed.stdout
    proc = subprocess.Popen(
        [*cli, "sip2", "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        while '"address"' not in line:
            line = proc.stdout.readline()
        port = int(line.split('"address": "127.0.0.1:')[1].split('"')[0])
        k = Kiosk(port, tmp_path)
        assert k.login("C1", "long-password")["fixed"]["Ok"] == "1"
        k.patron(card, "1357")
        assert k.patron_status()["variable"]["CQ"] == ["Y"]
        time.sleep(1.5)
        sessions = subprocess.run([*cli, "sip2", "sessions"], capture_output=True, text=True,
                                  check=True)  # fmt: skip
        assert '"running": true' in sessions.stdout and '"kiosk": "C1"' in sessions.stdout
        k.close()
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    after = subprocess.run([*cli, "sip2", "sessions"], capture_output=True, text=True, check=True)
    assert '"running": false' in after.stdout
    log = (Path(data) / "logs" / "sip2.log").read_text(encoding="utf-8")
    assert "kiosk C1 signed in" in log and "1357" not in log


def test_kiosk_accounts_need_a_librarian(desk: Desk) -> None:
    from xclib_desk.errors import DeskError
    from xclib_desk.services import kiosks

    with pytest.raises(DeskError) as e:
        desk.write(kiosks.add_kiosk, FRONT, login="X1", name="x", password="long-password")
    assert e.value.code == "permission_denied"
    with desk.session(write=False) as s:
        assert s.query(Reader).count() == 0
