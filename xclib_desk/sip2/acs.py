"""The ACS side of SIP2 2.00: one kiosk connection's messages answered through the Desk.

Each request becomes one Desk call with the kiosk's actor; a refusal becomes the message's
negative answer with the refusal worded on the screen line (``AF``); a frame we cannot read
becomes "please resend" (96). Nothing a kiosk sends reaches a traceback: whatever goes wrong
inside is logged and answered (:meth:`Acs.answer`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from ..common.times import BEIJING
from ..desk import Desk
from ..errors import DeskError
from ..services import kiosks
from ..services.context import Actor
from ..services.kiosks import KioskView
from . import wording
from .codec import FrameError, Message, decode, encode

log = logging.getLogger("xclib_desk.sip2")
R = TypeVar("R")

#: before a kiosk signs in, its sign-in is audited under this name
GATE = Actor("sip2", kiosks.KIOSK_ROLE, "SIP2")
#: supported messages (98 BX), in the spec's order: 23 11 09 01 99 97 93 63 35 37 17 19 25 15 29 65
SUPPORTED = "YYYNYYYYYNYNNNYY"
#: Item.status -> SIP2 circulation status (18)
CIRCULATION_STATUS = {
    "available": "03",
    "on_loan": "04",
    "in_transit": "10",
    "lost": "12",
    "missing": "13",
}
#: a kiosk that sends this many unreadable frames in a row is hung up on
MAX_BAD_IN_ROW = 10
MAX_FAILED_LOGINS = 3
#: fields never shown in the live view or the log (passwords)
SECRET_FIELDS = frozenset({"CO", "AD", "AC"})


def stamp(at: datetime) -> str:
    """SIP2 date-time, local (Beijing) time: YYYYMMDDZZZZHHMMSS with a blank zone."""
    return at.astimezone(BEIJING).strftime("%Y%m%d    %H%M%S")


def day_stamp(day: date) -> str:
    return day.strftime("%Y%m%d") + "    235959"


def mask(card: str) -> str:
    return "*" * max(len(card) - 4, 0) + card[-4:]


@dataclass
class KioskSession:
    """One connection: who signed in, which readers proved their password, what was said."""

    id: int
    peer: str
    started: datetime
    kiosk: KioskView | None = None
    actor: Actor | None = None
    verified: dict[str, bytes] = field(default_factory=dict)  # card -> digest of password
    patron: str = ""  # masked card of the reader at the kiosk
    last: deque[tuple[datetime, str, str]] = field(default_factory=lambda: deque(maxlen=8))
    last_answer: bytes = b""
    messages: int = 0
    bad_in_row: int = 0
    failed_logins: int = 0
    closing: bool = False

    @property
    def language(self) -> str:
        return self.kiosk.language if self.kiosk else "zh"


def _digest(password: str) -> bytes:
    return hashlib.blake2b(password.encode(), digest_size=16).digest()


class Acs:
    """Answers one kiosk's frames. Thread-safe as the Desk is: one instance serves every
    connection, each with its own :class:`KioskSession`."""

    def __init__(
        self,
        desk: Desk,
        encoding: str = "utf-8",
        *,
        error_detection: bool = False,
        on_message: Callable[[KioskSession], None] | None = None,
    ) -> None:
        self.desk = desk
        self.encoding = encoding
        self.error_detection = error_detection
        self.on_message = on_message
        self._write_lock = threading.Lock()
        self._handlers: dict[str, Callable[[KioskSession, Message], Message]] = {
            "93": self._login,
            "99": self._status,
            "23": self._patron_status,
            "63": self._patron_info,
            "11": self._checkout,
            "09": self._checkin,
            "29": self._renew,
            "65": self._renew_all,
            "17": self._item_info,
            "35": self._end_session,
        }

    # --- one frame in, one frame out ----------------------------------------------------
    def answer(self, session: KioskSession, frame: bytes) -> bytes:
        now = self.desk.clock.now()
        try:
            msg = decode(frame, self.encoding)
        except FrameError as e:
            session.bad_in_row += 1
            # never the frame itself: it may carry a password, whole or mangled
            log.warning(
                "sip2 %s #%d: unreadable frame (%s%s, %d bytes), asked to resend",
                session.peer,
                session.id,
                e.reason,
                f" {e.command}" if e.command else "",
                len(frame),
            )
            session.last.append((now, e.command or "??", f"resend ({e.reason})"))
            if session.bad_in_row >= MAX_BAD_IN_ROW:
                session.closing = True
            out = encode(Message("96"), self.encoding, error_detection=True)
            self._published(session)
            return out
        session.bad_in_row = 0
        if msg.command == "97":
            session.last.append((now, "97", "resend"))
            self._published(session)
            if session.last_answer:
                return session.last_answer
            return encode(Message("96"), self.encoding, error_detection=True)
        try:
            reply = self._handlers[msg.command](session, msg)
        except DeskError as e:  # not signed in, a full disk, a store busy too long
            reply = self._refusal(session, msg, e)
        except Exception:  # a bug or a failure of the machine: log it, answer, keep serving
            log.exception("sip2 %s #%d: %s failed", session.peer, session.id, msg.command)
            reply = self._refuse(session, msg, wording.line("unavailable", session.language))
        reply = Message(reply.command, reply.fixed, reply.fields, msg.seq)
        out = encode(reply, self.encoding, error_detection=self.error_detection or msg.checked)
        session.last_answer = out
        session.last.append((now, msg.command, _summary(msg, reply)))
        self._published(session)
        return out

    def _published(self, session: KioskSession) -> None:
        session.messages += 1
        if self.on_message is not None:
            self.on_message(session)

    # --- helpers ---------------------------------------------------------------------
    def _write(
        self,
        fn: Callable[..., R],
        actor: Actor,
        *args: Any,
        **kwargs: Any,
    ) -> R:
        """``Desk.write``, one kiosk at a time: the kiosks of this server queue here in order
        instead of in SQLite's busy handler, whose sleeps make waits long and unfair; the
        desk app in its own process still meets the busy timeout as before."""
        with self._write_lock:
            return self.desk.write(fn, actor, *args, **kwargs)

    def _now(self) -> str:
        return stamp(self.desk.clock.now())

    def _actor(self, session: KioskSession) -> Actor:
        if session.actor is None:
            raise DeskError("kiosk_not_signed_in")
        return session.actor

    def _language(self, session: KioskSession, fixed_language: str) -> str:
        return wording.FROM_SIP_LANGUAGE.get(fixed_language, session.language)

    def _verified(self, session: KioskSession, card: str, password: str) -> bool:
        """Whether the reader proved the kiosk password: argon2 once per connection and
        card, then a digest comparison (a check-out must not cost an argon2 round)."""
        if not password:
            return False
        d = _digest(password)
        if session.verified.get(card) == d:
            return True
        ok = self.desk.read(kiosks.check_reader_password, self._actor(session), card, password)
        if ok:
            session.verified[card] = d
        else:
            log.info(
                "sip2 %s #%d: wrong reader password for %s", session.peer, session.id, mask(card)
            )
        return ok

    def _patron_ok(self, session: KioskSession, msg: Message) -> bool:
        card, password = msg.get("AA"), msg.get("AD")
        if password:
            return self._verified(session, card, password)
        return session.verified.get(card) is not None

    def _refuse(self, session: KioskSession, msg: Message, text: str) -> Message:
        """The negative answer of ``msg``'s command, saying ``text`` on the screen."""
        now, ao = self._now(), ("AO", self.desk.point.code)
        af = ("AF", text)
        c = msg.command
        if c == "93":
            return Message("94", "0")
        if c == "99":
            return self._status(session, msg)
        if c == "23":
            return Message(
                "24",
                "Y" * 4 + " " * 10 + "000" + now,
                (ao, ("AA", msg.get("AA")), ("AE", ""), ("BL", "N"), af),
            )
        if c == "63":
            return Message(
                "64",
                "Y" * 4 + " " * 10 + "000" + now + "0000" * 6,
                (ao, ("AA", msg.get("AA")), ("AE", ""), ("BL", "N"), af),
            )
        if c == "11":
            return Message(
                "12",
                "0NUN" + now,
                (ao, ("AA", msg.get("AA")), ("AB", msg.get("AB")), ("AJ", ""), ("AH", ""), af),
            )
        if c == "09":
            return Message("10", "0NUN" + now, (ao, ("AB", msg.get("AB")), ("AQ", ""), af))
        if c == "29":
            return Message(
                "30",
                "0NUN" + now,
                (ao, ("AA", msg.get("AA")), ("AB", msg.get("AB")), ("AJ", ""), ("AH", ""), af),
            )
        if c == "65":
            return Message("66", "000000000" + now, (ao, af))
        if c == "17":
            return Message("18", "010001" + now, (("AB", msg.get("AB")), ("AJ", ""), af))
        if c == "35":
            return Message("36", "N" + now, (ao, ("AA", msg.get("AA")), af))
        raise AssertionError(c)

    def _refusal(self, session: KioskSession, msg: Message, err: DeskError) -> Message:
        log.info("sip2 %s #%d: %s refused: %s", session.peer, session.id, msg.command, err.code)
        return self._refuse(session, msg, wording.refusal(err, session.language))

    # --- messages --------------------------------------------------------------------
    def _login(self, session: KioskSession, msg: Message) -> Message:
        if session.failed_logins >= MAX_FAILED_LOGINS:
            session.closing = True
            return Message("94", "0")
        view = self.desk.read(kiosks.kiosk_sign_in, GATE, msg.get("CN"), msg.get("CO"))
        self._write(kiosks.record_sign_in, GATE, msg.get("CN")[:24], view is not None)
        if view is None:
            session.failed_logins += 1
            log.warning(
                "sip2 %s #%d: login %r refused", session.peer, session.id, msg.get("CN")[:24]
            )
            if session.failed_logins >= MAX_FAILED_LOGINS:
                session.closing = True
            return Message("94", "0")
        session.kiosk, session.actor = view, kiosks.kiosk_actor(view)
        log.info("sip2 %s #%d: kiosk %s signed in", session.peer, session.id, view.login)
        return Message("94", "1")

    def _status(self, session: KioskSession, msg: Message) -> Message:
        rules = self.desk.policy.package.service.kiosk
        yn = {True: "Y", False: "N"}
        signed = session.actor is not None
        fixed = (
            yn[signed]  # on-line status: serving this kiosk
            + yn[signed and rules.returns]
            + yn[signed and rules.lending]
            + yn[signed and rules.renewals]
            + "NN"  # status update, off-line: not offered
            + "030"  # time-out period, tenths of a second
            + "003"  # retries allowed
            + self._now()
            + "2.00"
        )
        fields: list[tuple[str, str]] = [
            ("AO", self.desk.point.code),
            ("AM", self.desk.point.name),
            ("BX", SUPPORTED),
        ]
        if session.kiosk is not None:
            fields.append(("AN", session.kiosk.location or session.kiosk.login))
        else:
            fields.append(
                ("AF", wording.refusal(DeskError("kiosk_not_signed_in"), session.language))
            )
        return Message("98", fixed, tuple(fields))

    def _patron(
        self, session: KioskSession, msg: Message
    ) -> tuple[kiosks.PatronView | None, str, str]:
        """The reader, whether the password is right ("Y"/"N"/"" if none given), and the
        screen line for a refusal."""
        actor = self._actor(session)
        card = msg.get("AA")
        try:
            p = self.desk.read(kiosks.patron, actor, card)
        except DeskError as e:
            return None, "", wording.refusal(e, session.language)
        session.patron = mask(p.card_no)
        cq = ""
        if msg.has("AD"):
            cq = "Y" if self._verified(session, p.card_no, msg.get("AD")) else "N"
        return p, cq, ""

    def _patron_fixed(
        self, session: KioskSession, p: kiosks.PatronView, cq: str, lang_code: str
    ) -> str:
        service = self.desk.policy.package.service
        verified = cq == "Y" or (cq == "" and p.card_no in session.verified)
        denied = (
            p.blocked
            or p.expired
            or p.overdue > service.overdue.tolerance_items
            or (service.kiosk.reader_password_required and not verified)
        )
        flags = [" "] * 14
        if denied:
            flags[0] = flags[1] = flags[2] = flags[3] = "Y"
        if len(p.loans) >= p.quota:
            flags[5] = "Y"
        if p.overdue:
            flags[6] = "Y"
        if p.fee_cents:
            flags[11] = "Y"
        return "".join(flags) + lang_code + self._now()

    def _patron_fields(self, p: kiosks.PatronView, cq: str, language: str) -> list[tuple[str, str]]:
        fields = [
            ("AO", self.desk.point.code),
            ("AA", p.card_no),
            ("AE", p.name),
            ("BL", "Y"),
        ]
        if cq:
            fields.append(("CQ", cq))
        fields += [("BH", "CNY"), ("BV", wording.money(p.fee_cents))]
        return fields

    def _patron_status(self, session: KioskSession, msg: Message) -> Message:
        p, cq, why = self._patron(session, msg)
        language = self._language(session, msg.fixed[:3])
        if p is None:
            return self._refuse(session, msg, why)
        code = wording.SIP_LANGUAGE.get(language, "000")
        fields = self._patron_fields(p, cq, language)
        fields.append(("AF", wording.line("welcome", language, name=p.name)))
        return Message("24", self._patron_fixed(session, p, cq, code), tuple(fields))

    def _patron_info(self, session: KioskSession, msg: Message) -> Message:
        p, cq, why = self._patron(session, msg)
        language = self._language(session, msg.fixed[:3])
        if p is None:
            return self._refuse(session, msg, why)
        summary = msg.fixed[21:31]
        grace = self.desk.policy.package.service.overdue.grace_days
        overdue = [v for v in p.loans if v.overdue_days > grace]
        fixed = self._patron_fixed(session, p, cq, wording.SIP_LANGUAGE.get(language, "000")) + (
            "0000"
            + f"{min(len(overdue), 9999):04d}"
            + f"{min(len(p.loans), 9999):04d}"
            + f"{min(len(overdue) if p.fee_cents else 0, 9999):04d}"
            + "0000"
            + "0000"
        )
        fields = self._patron_fields(p, cq, language)
        fields.insert(3, ("CB", f"{p.quota:04d}"))
        start, end = _range(msg.get("BP"), msg.get("BQ"))
        if summary[1:2] == "Y":
            fields += [("AT", v.barcode) for v in overdue[start:end]]
        if summary[2:3] == "Y":
            fields += [("AU", v.barcode) for v in p.loans[start:end]]
        fields.append(("AF", wording.line("welcome", language, name=p.name)))
        return Message("64", fixed, tuple(fields))

    def _checkout(self, session: KioskSession, msg: Message) -> Message:
        actor = self._actor(session)
        card, barcode = msg.get("AA"), msg.get("AB")
        try:
            ok = self._patron_ok(session, msg)
            v = self._write(kiosks.kiosk_check_out, actor, card, barcode, reader_verified=ok)
        except DeskError as e:
            return self._refusal(session, msg, e)
        session.patron = mask(card)
        lang = session.language
        return Message(
            "12",
            "1NUY" + self._now(),
            (
                ("AO", self.desk.point.code),
                ("AA", card),
                ("AB", v.barcode),
                ("AJ", v.title),
                ("AH", day_stamp(v.due_date)),
                ("CK", "001"),
                ("AF", wording.line("checked_out", lang, due=wording.due(v.due_date, lang))),
            ),
        )

    def _checkin(self, session: KioskSession, msg: Message) -> Message:
        actor = self._actor(session)
        try:
            r = self._write(kiosks.kiosk_check_in, actor, msg.get("AB"))
        except DeskError as e:
            return self._refusal(session, msg, e)
        lang = session.language
        routed = r.route_to is not None
        fields: list[tuple[str, str]] = [
            ("AO", self.desk.point.code),
            ("AB", r.loan.barcode),
            # a copy is routed to its owner; one not routed belongs here
            ("AQ", r.route_to or self.desk.point.code),
            ("AJ", r.loan.title),
            ("CK", "001"),
        ]
        text = wording.line("checked_in", lang)
        if r.days_late:
            text = wording.line(
                "checked_in_late", lang, days=r.days_late, fee=wording.money(r.fee_cents)
            )
        if routed:
            fields += [("CT", r.route_to or ""), ("CV", "04")]  # 04: send to another library
            text += " " + wording.line(
                "route", lang, name=r.route_to_name or r.route_to, code=r.route_to
            )
        fields.append(("AF", text))
        # resensitize only what goes back on our shelf; alert for what must travel
        fixed = "1" + ("N" if routed else "Y") + "U" + ("Y" if routed else "N") + self._now()
        return Message("10", fixed, tuple(fields))

    def _renew(self, session: KioskSession, msg: Message) -> Message:
        actor = self._actor(session)
        card = msg.get("AA")
        try:
            ok = self._patron_ok(session, msg)
            v = self._write(kiosks.kiosk_renew, actor, card, msg.get("AB"), reader_verified=ok)
        except DeskError as e:
            return self._refusal(session, msg, e)
        lang = session.language
        return Message(
            "30",
            "1YUN" + self._now(),
            (
                ("AO", self.desk.point.code),
                ("AA", card),
                ("AB", v.barcode),
                ("AJ", v.title),
                ("AH", day_stamp(v.due_date)),
                ("AF", wording.line("renewed", lang, due=wording.due(v.due_date, lang))),
            ),
        )

    def _renew_all(self, session: KioskSession, msg: Message) -> Message:
        actor = self._actor(session)
        try:
            ok = self._patron_ok(session, msg)
            r = self._write(kiosks.kiosk_renew_all, actor, msg.get("AA"), reader_verified=ok)
        except DeskError as e:
            return self._refusal(session, msg, e)
        done, left = len(r.renewed), len(r.refused)
        fields: list[tuple[str, str]] = [("AO", self.desk.point.code)]
        fields += [("BM", v.barcode) for v in r.renewed]
        fields += [("BN", barcode) for barcode, _code in r.refused]
        fields.append(("AF", wording.line("renewed_all", session.language, done=done, left=left)))
        return Message(
            "66", f"1{min(done, 9999):04d}{min(left, 9999):04d}" + self._now(), tuple(fields)
        )

    def _item_info(self, session: KioskSession, msg: Message) -> Message:
        actor = self._actor(session)
        try:
            info = self.desk.read(kiosks.item_info, actor, msg.get("AB"))
        except DeskError as e:
            return self._refusal(session, msg, e)
        fields: list[tuple[str, str]] = [("AB", info.barcode), ("AJ", info.title)]
        if info.due_date is not None:
            fields.append(("AH", day_stamp(info.due_date)))
        fields += [
            ("CK", "001"),
            ("AQ", info.owner),
            ("AP", info.location),
        ]
        status = CIRCULATION_STATUS.get(info.status, "01")
        return Message("18", status + "00" + "01" + self._now(), tuple(fields))

    def _end_session(self, session: KioskSession, msg: Message) -> Message:
        self._actor(session)
        card = msg.get("AA")
        session.verified.pop(card, None)
        session.patron = ""
        return Message(
            "36",
            "Y" + self._now(),
            (
                ("AO", self.desk.point.code),
                ("AA", card),
                ("AF", wording.line("goodbye", session.language)),
            ),
        )


def _range(bp: str, bq: str) -> tuple[int, int]:
    """BP/BQ (1-based, inclusive) as a slice; missing or bad values mean everything."""
    try:
        start = max(int(bp) - 1, 0) if bp else 0
        end = int(bq) if bq else 9999
    except ValueError:
        return 0, 9999
    return start, max(end, start)


def _summary(msg: Message, reply: Message) -> str:
    """A line for the live view: the request without passwords, and the answer's verdict."""
    fields = " ".join(
        f"{k}={'***' if k in SECRET_FIELDS else (mask(v) if k == 'AA' else v)}"
        for k, v in msg.fields
    )
    af = reply.get("AF")
    return f"{fields} -> {reply.command}{reply.fixed[:1]}" + (f" {af}" if af else "")
