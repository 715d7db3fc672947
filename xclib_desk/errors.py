"""Typed domain errors with messages in the user's language.

Every refusal at the desk is a ``DeskError`` carrying a stable ``code`` (for scripts, the CLI's
exit payload and the hub) and parameters; the message is rendered per locale so the same error
reads naturally in Chinese at the desk and in English for support staff.

Parameters are data, never display text: codes (an item's status, a reader or material type,
a form field), datetimes and numbers. Rendering turns them into words in the locale: statuses
and fields through the tables below, reader and material types through the names the standards
package gives them (``DeskError(..., names=...)``), datetimes as Beijing time in the template's
format. A detail said in words is a :class:`Phrase` (a code of :data:`MESSAGES` with its
parameters, for a refusal that recurs: "nothing to search for", "the file has no data") or a
:class:`Text` (a Chinese and English pair, for a detail said in one place); either is rendered
in the message's language, so a message never carries both. JSON carries the chosen string.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .common.times import BEIJING

#: code -> (Chinese, English): how a coded value reads in a message
Names = Mapping[str, tuple[str, str]]

#: a copy's status as staff read it
ITEM_STATUS: dict[str, tuple[str, str]] = {
    "available": ("在架", "available"),
    "on_loan": ("借出", "on loan"),
    "in_transit": ("在途", "in transit"),
    "lost": ("丢失", "lost"),
    "damaged": ("破损", "damaged"),
    "withdrawn": ("已剔除", "withdrawn"),
    "missing": ("配送缺失", "missing from a shipment"),
    # not a stored status: the copy is in a box this point is still receiving
    "being_received": (
        "接收中，请先完成配送单 {ref} 的接收",
        "being received; finish receiving shipment {ref} first",
    ),
}
#: what to do when a copy's status keeps it from being lent
ITEM_STATUS_HINT: dict[str, tuple[str, str]] = {
    "in_transit": ("请先在本服务点办理调拨接收。", "Receive it at this point first."),
    "lost": ("请先将其标记为已找到，再外借。", "Mark it found before lending."),
    "damaged": ("请送修。", "Send it for repair."),
    "withdrawn": ("该册已剔除。", "This copy has been withdrawn."),
}
#: a shipment's status as staff read it
SHIPMENT_STATUS: dict[str, tuple[str, str]] = {
    "open": ("装箱中", "being packed"),
    "dispatched": ("已发出", "dispatched"),
    "received": ("已接收", "received"),
    "cancelled": ("已取消", "cancelled"),
    # not a stored status: an open box another point is packing
    "packed_elsewhere": ("由其他服务点装箱", "packed by another point"),
}
#: a hold's status as staff read it (docs/holds.md)
HOLD_STATUS: dict[str, tuple[str, str]] = {
    "waiting": ("等待中", "waiting"),
    "captured": ("已留书，在途", "set aside, on its way"),
    "on_shelf": ("在预约架", "on the hold shelf"),
    "filled": ("已借出", "filled"),
    "cancelled": ("已取消", "cancelled"),
    "lapsed": ("已失效", "lapsed"),
    "expired": ("逾期未取", "not collected"),
    "refused": ("未被受理", "refused"),
}
#: a staff role as staff read it
ROLES: dict[str, tuple[str, str]] = {
    "desk": ("前台", "desk"),
    "librarian": ("馆员", "librarian"),
    "admin": ("管理员", "admin"),
    "kiosk": ("自助机", "kiosk"),
}
#: what a role may not do (``services.context.require_role``'s ``action``, kept in English as
#: the refusal's parameter for scripts)
ACTIONS: dict[str, tuple[str, str]] = {
    "add staff": ("新增工作人员", "add staff"),
    "manage kiosks": ("管理自助机", "manage kiosks"),
    "add title": ("新增书目", "add title"),
    "add item": ("新增复本", "add item"),
    "import MARC": ("导入 MARC 书目", "import MARC"),
    "block reader": ("停用读者证", "block reader"),
    "unblock reader": ("恢复读者证", "unblock reader"),
    "confirm required services": ("确认必备服务", "confirm required services"),
    "confirm inventory actions": ("确认盘点处理", "confirm inventory actions"),
    "run loan-history retention": ("清理借阅历史", "run loan-history retention"),
    "trust district key": ("信任区级密钥", "trust district key"),
    "set local rules": ("设置本地规则", "set local rules"),
    "sign a colleague on duty": ("为同事签到", "sign a colleague on duty"),
    "sign a colleague off duty": ("为同事签退", "sign a colleague off duty"),
    "waive fee": ("减免费用", "waive a fee"),
    "withdraw copy": ("剔除复本", "withdraw a copy"),
    "export MARC": ("导出 MARC 书目", "export MARC"),
}
#: a form field or an argument, as a detail names it (``input_checks.clean_text``'s ``field``)
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "name"),
    "phone": ("电话", "phone"),
    "address": ("地址", "address"),
    "guardian_name": ("监护人", "guardian"),
    "guardian_phone": ("监护人电话", "guardian phone"),
    "reason": ("原因", "reason"),
    "note": ("说明", "note"),
    "shipment_note": ("备注", "note"),
    "damage_note": ("破损说明", "damage note"),
    "outcome": ("处理方式", "outcome"),
    "query": ("查询", "query"),
    "staff_code": ("工号", "staff code"),
    "role": ("角色", "role"),
    "title": ("题名", "title"),
    "marc_title": ("题名（200$a/245$a）", "title (200$a/245$a)"),
    "author": ("责任者", "author"),
    "publisher": ("出版者", "publisher"),
    "language": ("语种", "language"),
    "year": ("年份", "year"),
    "pub_year": ("出版年", "publication year"),
    "call_from": ("起始索书号", "first call number"),
    "call_to": ("终止索书号", "last call number"),
    "point_name": ("服务点名称", "point name"),
    "level": ("服务点级别", "point level"),
    "format": ("格式", "format"),
    "encoding": ("编码", "encoding"),
    "direction": ("方向", "direction"),
    "status": ("状态", "status"),
    "resolution": ("处理方式", "resolution"),
    "login": ("账号", "login"),
    "kiosk_name": ("自助机名称", "kiosk name"),
    "location": ("位置", "location"),
    "password": ("密码", "password"),
    "flavour": ("MARC 格式（CNMARC/MARC21）", "MARC flavour (cnmarc/marc21)"),
    "scope": ("导出范围", "export scope"),
    "room": ("活动室", "room"),
    "partner": ("合作单位", "partner organisation"),
    "team": ("志愿服务队", "team"),
    "report": ("活动小结", "report"),
    "staff_note": ("工作备注", "staff note"),
    "reader_message": ("给读者的留言", "message for the reader"),
}
#: an activity's state as staff read it
ACTIVITY_STATUS: dict[str, tuple[str, str]] = {
    "planned": ("计划中", "planned"),
    "closed": ("已结束", "closed"),
    "cancelled": ("已取消", "cancelled"),
}
#: what a card already did at an activity
ACTIVITY_CARD: dict[str, tuple[str, str]] = {
    "registered": ("报名", "registered"),
    "admitted": ("签到", "checked in"),
}
#: the details that name a field (:data:`FIELDS`) in their ``field`` parameter
FIELD_DETAILS = (
    "field_required",
    "field_not_text",
    "field_control_chars",
    "field_too_long",
    "field_digits_only",
    "field_not_number",
    "field_implausible",
    "field_one_of",
)
#: per message: parameters whose values are codes of a fixed table, shown by their names
CODED: dict[str, dict[str, Names]] = {
    "item_unavailable": {"status": ITEM_STATUS},
    "item_not_shippable": {"status": ITEM_STATUS},
    "shipment_not_open": {"status": SHIPMENT_STATUS},
    "activity_not_open": {"status": ACTIVITY_STATUS},
    "activity_card_twice": {"what": ACTIVITY_CARD},
    "hold_not_active": {"status": HOLD_STATUS},
    "permission_denied": {"role": ROLES, "action": ACTIONS},
    "override_not_allowed": {"role": ROLES},
    **{code: {"field": FIELDS} for code in FIELD_DETAILS},
}
#: per message: a placeholder filled from a coded parameter (what to do, given the status);
#: empty when the table has nothing for the code
DERIVED: dict[str, tuple[str, str, Names]] = {
    "item_unavailable": ("hint", "status", ITEM_STATUS_HINT),
}

# code -> (Chinese, English). Every message says what is wrong and what to do next.
MESSAGES: dict[str, tuple[str, str]] = {
    "bad_input": ("输入无效：{detail}", "Invalid input: {detail}"),
    # --- details (a Phrase in a refusal's ``detail``): what exactly is wrong ---
    "field_required": ("{field}不能为空", "{field} is required"),
    "field_not_text": ("{field}应为文本", "{field} must be text"),
    "field_control_chars": ("{field}含有不可见字符", "{field} has control characters"),
    "field_too_long": (
        "{field}超过 {max_len} 个字符",
        "{field} is longer than {max_len} characters",
    ),
    "field_digits_only": ("{field}只能包含数字", "{field} may contain digits only"),
    "field_not_number": ("{field}应为数字", "{field} must be a number"),
    "field_implausible": ("{field} {value} 不合理", "{field} {value} is implausible"),
    "field_one_of": ("{field}应为以下之一：{allowed}", "{field} must be one of: {allowed}"),
    "query_empty": ("查询没有可检索的文字", "nothing to search for"),
    "file_no_data": ("文件没有数据", "the file has no data"),
    "no_such_file": ("找不到文件：{path}", "no such file: {path}"),
    "no_such_directory": ("目录不存在：{path}", "no such directory: {path}"),
    "end_before_start": ("结束日期早于开始日期", "the end date is before the start date"),
    "date_in_future": ("不能登记未来日期", "a date in the future cannot be recorded"),
    "month_in_future": ("不能确认未来的月份", "a month in the future cannot be confirmed"),
    "year_not_begun": ("{year} 年尚未开始", "year {year} has not begun"),
    "bad_card_format": (
        "读者证号“{value}”格式不符（应形如 {example}），请重新扫描读者证。",
        "Card number '{value}' has the wrong format (expected like {example}); scan the card "
        "again.",
    ),
    "bad_item_format": (
        "条码“{value}”格式不符（应形如 {example}），请重新扫描图书条码。",
        "Item barcode '{value}' has the wrong format (expected like {example}); scan the item "
        "again.",
    ),
    "bad_id_number": (
        "身份证号码无效：{detail}。请核对证件后重新输入。",
        "Invalid resident ID number: {detail}. Check the document and type it again.",
    ),
    "bad_isbn": ("ISBN“{value}”无效，请核对。", "ISBN '{value}' is not valid; check it."),
    "bad_clc": (
        "中图法分类号“{value}”不符合第五版规则：{detail}",
        "CLC class number '{value}' does not follow the 5th edition: {detail}",
    ),
    "bad_call_number": (
        "索书号“{value}”应为“分类号/书次号”，例如 I247.57/N2338。",
        "Call number '{value}' must be CLASS/BOOKNO, e.g. I247.57/N2338.",
    ),
    "unknown_reader": (
        "找不到读者证“{card}”。请核对证号，或先办理读者登记。",
        "No reader with card '{card}'. Check the number or register the reader first.",
    ),
    "unknown_item": (
        "找不到条码为“{barcode}”的图书。请核对条码，或先登记入藏。",
        "No item with barcode '{barcode}'. Check the barcode or add the item first.",
    ),
    "unknown_title": ("找不到书目“{ref}”。", "No title '{ref}'."),
    "unknown_staff": ("找不到工作人员“{code}”。", "No staff member '{code}'."),
    "unknown_point": ("找不到服务点“{code}”。", "No service point '{code}'."),
    "unknown_reader_type": (
        "读者类型“{value}”不在现行标准中（可选：{allowed}）。",
        "Reader type '{value}' is not in the active standards (choose from: {allowed}).",
    ),
    "unknown_material_type": (
        "资料类型“{value}”不在现行标准中（可选：{allowed}）。",
        "Material type '{value}' is not in the active standards (choose from: {allowed}).",
    ),
    "duplicate_reader": (
        "该身份证号已登记，读者证号为 {card}。请使用已有读者证，不要重复办证。",
        "This ID number is already registered with card {card}; use that card instead.",
    ),
    "duplicate_card": (
        "读者证号 {card} 已被使用，请换一张新证。",
        "Card {card} is already in use; issue another card.",
    ),
    "duplicate_item": (
        "条码 {barcode} 已被其他图书使用，请换一个条码。",
        "Barcode {barcode} is already used by another item; use another label.",
    ),
    "duplicate_staff": ("工号 {code} 已存在。", "Staff code {code} already exists."),
    "guardian_required": (
        "未满14周岁的读者须登记监护人姓名和联系电话（监护人同意）。",
        "Readers under 14 need a guardian's name and phone (guardian consent).",
    ),
    "card_expired": (
        "读者证已于 {expires} 过期。请先为读者办理续证。",
        "The card expired on {expires}. Renew the card first.",
    ),
    "reader_blocked": (
        "该读者证已被停用（原因：{reason}），不能借书，可以还书。解除停用请在“读者”页办理。",
        "This card is blocked ({reason}): no lending, returns are fine. Unblock it on the "
        "Readers page.",
    ),
    "overdue_items": (
        "读者有 {count} 册图书逾期超过 {days} 天，请先归还逾期图书。",
        "Items overdue by more than {days} days: {count}; the reader returns them first.",
    ),
    "quota_reached": (
        "已达借阅上限：{what}最多可借 {quota} 册，当前已借 {count} 册。",
        "Loan limit reached: {what} allows {quota}, the reader has {count}.",
    ),
    "reader_type_age": (
        "{age} 岁的读者不能办理{reader_type}，请选择其他读者类型。",
        "A reader aged {age} cannot have a {reader_type} card; choose another reader type.",
    ),
    "not_loanable": (
        "该资料（{material}）不外借，仅供馆内阅览。",
        "This material ({material}) is for use in the library only.",
    ),
    "material_not_allowed": (
        "{reader_type}不能借阅{material}。",
        "A {reader_type} card cannot borrow {material}.",
    ),
    "item_on_loan": (
        "该书已被借出（读者 {card}，应还 {due}）。请先为它办理归还。",
        "This item is on loan (card {card}, due {due}). Check it in first.",
    ),
    "item_unavailable": (
        "该书当前状态为“{status}”，不能外借。{hint}",
        "This item is '{status}' and cannot be lent. {hint}",
    ),
    "not_home_point": (
        "读者 {card} 的资料、状态和有效期只能由其注册服务点（{point}）修改。"
        "请让读者到注册服务点办理。",
        "Reader {card}'s profile, status and expiry can only be changed by their home point "
        "({point}). Ask the reader to go there.",
    ),
    "not_lending_point": (
        "图书 {barcode} 是在 {point} 借出的：只有借出服务点或读者的注册服务点可以续借。",
        "Item {barcode} was lent at {point}: only the lending point or the reader's home point "
        "can renew it.",
    ),
    "not_on_loan": (
        "条码 {barcode} 的图书没有在借记录，无需归还。请放回书架。",
        "Item {barcode} is not on loan; nothing to return. Put it back on the shelf.",
    ),
    "renewal_limit": (
        "已续借 {count} 次，达到续借上限 {limit} 次。请归还后重新借阅。",
        "Renewals so far: {count}, the limit is {limit}. Return it and borrow again.",
    ),
    "renew_overdue": (
        "该书已逾期，不能续借。请归还后重新借阅。",
        "The item is overdue and cannot be renewed. Return it and borrow again.",
    ),
    "override_not_allowed": (
        "您的角色（{role}）不能越过“{block}”限制。请由馆员或管理员处理。",
        "Your role ({role}) cannot override '{block}'. Ask a librarian or an admin.",
    ),
    "override_reason_required": (
        "越权操作须填写原因。",
        "An override needs a reason.",
    ),
    "not_signed_in": ("请先登录。", "Sign in first."),
    "bad_credentials": ("工号或密码错误。", "Wrong staff code or password."),
    "permission_denied": (
        "您的角色（{role}）无权执行此操作：{action}。",
        "Your role ({role}) may not do this: {action}.",
    ),
    "store_not_initialised": (
        "数据目录 {path} 尚未初始化。请先运行 init（或在程序中完成首次设置）。",
        "The data directory {path} is not initialised. "
        "Run init first (or finish setup in the app).",
    ),
    "store_already_initialised": (
        "数据目录已初始化为服务点 {code}。",
        "The data directory is already initialised for point {code}.",
    ),
    "store_too_new": (
        "数据库由更新版本的程序创建（版本 {found}），本程序无法安全打开。请升级程序。",
        "The store was written by a newer version ({found}); upgrade the program to open it.",
    ),
    "unknown_inventory": ("找不到盘点“{ref}”。", "No inventory '{ref}'."),
    "inventory_closed": (
        "盘点 {ref} 已结束，不能再扫描。如需继续，请开始新的盘点。",
        "Inventory {ref} is closed; start a new one to scan more.",
    ),
    "inventory_not_finished": (
        "请先结束盘点 {ref}，核对报告后再确认处理。",
        "Finish inventory {ref} and review its report before confirming actions.",
    ),
    "not_in_inventory_list": (
        "条码 {barcode} 不在本次盘点的相应清单中，未作处理。",
        "Barcode {barcode} is not on this inventory's list for that action; nothing done.",
    ),
    "standards_bad_signature": (
        "标准包签名无效（内容可能被篡改），已拒绝。继续使用现行标准。",
        "The standards package signature is invalid (tampered?); refused. Current rules stay.",
    ),
    "standards_unknown_key": (
        "标准包由未知密钥（{key_id}）签名，已拒绝。继续使用现行标准。",
        "The standards package is signed by an unknown key ({key_id}); refused.",
    ),
    "standards_older": (
        "标准包版本 {version} 不新于现有版本 {current}，已拒绝。",
        "Standards version {version} is not newer than {current}; refused.",
    ),
    "standards_looser": (
        "本地规则不能比区级标准宽松：{detail}",
        "A local rule may not be looser than the district's: {detail}",
    ),
    "standards_key_locked": (
        "无法打开区级私钥：口令错误或文件不是 Ed25519 私钥。",
        "Cannot open the district private key: wrong passphrase or not an Ed25519 key.",
    ),
    "store_corrupt": (
        "数据文件 {path} 已损坏：{detail}",
        "The store file {path} is damaged: {detail}",
    ),
    "store_corrupt_set_aside": (
        "数据库已损坏（{detail}），已移至 {aside} 保存。可从最近的完好备份恢复：{backup}",
        "The store is damaged ({detail}); it was moved to {aside}. "
        "Restore the latest good backup: {backup}",
    ),
    "upgrade_failed": (
        "程序升级时数据库迁移失败，已从升级前备份 {backup} 还原，数据未受影响。"
        "请联系技术支持。（{detail}）",
        "The store upgrade failed; the pre-upgrade backup {backup} was put back, no data lost. "
        "Contact support. ({detail})",
    ),
    "backup_invalid": (
        "文件 {path} 不是可用的备份：{detail}。未做任何更改。",
        "{path} is not a usable backup: {detail}. Nothing was changed.",
    ),
    "backup_foreign": (
        "备份 {path} 属于服务点 {point}，而本机是 {current}，已拒绝恢复。",
        "Backup {path} belongs to point {point}, this desk is {current}; refused.",
    ),
    "standards_invalid": (
        "标准包无法读取：{detail}",
        "The standards package cannot be read: {detail}",
    ),
    # --- union search (sync/search.py) ---
    "hub_not_enrolled": (
        "本机尚未登记到区中心，不能检索全区馆藏；仅显示本馆结果。",
        "This desk is not enrolled with the district hub; only local holdings can be searched.",
    ),
    "hub_offline": (
        "无法连接区中心（{hub}），全区检索暂不可用；仅显示本馆结果。请稍后再试。",
        "Cannot reach the district hub ({hub}); district search is unavailable, "
        "local results only. Try again later.",
    ),
    "union_search_refused": (
        "区中心拒绝了检索请求（{detail}）。请检查本机登记或升级程序。",
        "The district hub refused the search ({detail}). Check enrolment or upgrade the desk.",
    ),
    # --- the sync engine's last failure (sync/engine.py), shown on the status bar and sync page
    "sync_not_enrolled": (
        "本机尚未登记到区馆中心，无法同步。请联系区馆管理员获取登记码。",
        "This desk is not enrolled with the hub, so it cannot sync. Ask the district "
        "administrator for an enrolment code.",
    ),
    "sync_network": (
        "无法连接区馆中心 {hub}。本机照常工作，待同步的记录留在本机，稍后自动重试。",
        "Cannot reach the hub at {hub}. The desk works on; waiting records stay here and the "
        "sync retries by itself.",
    ),
    "sync_protocol": (
        "区馆中心不接受本机的协议版本，请升级本程序；待同步的记录保留在本机。",
        "The hub does not accept this desk's protocol version: upgrade the desk; waiting "
        "records stay here.",
    ),
    "sync_auth": (
        "区馆中心不接受本机的凭证（{detail}），本机可能已被注销。请联系区馆管理员重新登记。",
        "The hub does not accept this desk's token ({detail}); it may have been revoked. Ask "
        "the district administrator to enrol it again.",
    ),
    "sync_hub_error": (
        "区馆中心出错（{detail}），稍后自动重试；本机数据不受影响。",
        "The hub answered with an error ({detail}); the sync retries by itself, nothing here "
        "is lost.",
    ),
    "sync_bad_answer": (
        "区馆中心的应答无法读取（版本不符或传输出错），稍后自动重试；本机数据不受影响。",
        "The hub's answer could not be read (a version mismatch or a transfer error); the "
        "sync retries by itself, nothing here is lost.",
    ),
    "sync_store": (
        "本机数据库暂时无法写入（磁盘已满或被占用），同步稍后自动重试；已保存的记录不受影响。",
        "The desk's store cannot be written just now (disk full or busy); the sync retries "
        "by itself, saved records are safe.",
    ),
    "sync_internal": (
        "同步出现意外错误（{detail}），稍后自动重试；本机数据不受影响。如反复出现请联系技术支持。",
        "The sync failed unexpectedly ({detail}); it retries by itself, nothing here is lost. "
        "Contact support if it keeps happening.",
    ),
    # --- hub admin API at the desk (Standards page) ---
    "hub_admin_not_enrolled": (
        "本机尚未登记到区馆中心，无法连接中心管理接口。请先登记本机。",
        "This desk is not enrolled with the hub, so the hub admin API cannot be reached.",
    ),
    "hub_admin_no_token": (
        "尚未保存中心管理令牌。请向中心管理员索取（xclib-hub admin-token）后在此输入。",
        "No hub admin token saved yet. Get one (xclib-hub admin-token) and enter it here.",
    ),
    "hub_admin_denied": (
        "中心不接受此管理令牌。请核对令牌，或向中心管理员重新索取。",
        "The hub does not accept this admin token; check it or ask for a new one.",
    ),
    "hub_unreachable": (
        "无法连接区馆中心（{detail}）。请检查网络后重试；本机的数据和草稿不受影响。",
        "Cannot reach the hub ({detail}). Check the network and retry; nothing here is lost.",
    ),
    "hub_refused": (
        "中心拒绝了请求（{code}）：{detail}",
        "The hub refused the request ({code}): {detail}",
    ),
    # --- duty, services checklist, visits import ---
    "already_on_duty": (
        "{staff} 已在岗（自 {since:%H:%M} 起），无需重复签到。",
        "{staff} is already on duty (since {since:%H:%M}); no need to sign on again.",
    ),
    "not_on_duty": (
        "{staff} 当前不在岗，无法签退。",
        "{staff} is not on duty, so there is nothing to sign off.",
    ),
    "unknown_service": (
        "“{service}”不是本服务点级别的必备服务（可选：{allowed}）。",
        "'{service}' is not a required service for this point's level (choose from: {allowed}).",
    ),
    "visits_file_unreadable": (
        "无法读取客流计数文件 {path}：{detail}",
        "Cannot read the gate counter file {path}: {detail}",
    ),
    # --- lines of a gate counter file that were not imported ---
    "visits_too_few_columns": ("列数不足", "too few columns"),
    "visits_bad_date": ("日期无法识别", "unreadable date"),
    "visits_bad_count": ("人次不是整数", "count is not a whole number"),
    "visits_future_date": ("未来日期", "date in the future"),
    "visits_day_repeats": ("日期重复（见第 {first} 行）", "day repeats line {first}"),
    "visits_implausible_count": ("人次不合理", "implausible count"),
    # --- shipments (配送) ---
    "unknown_shipment": ("找不到配送单“{ref}”。", "No shipment '{ref}'."),
    "shipment_not_open": (
        "配送单 {ref} 已{status}，不能再装箱或取出。",
        "Shipment {ref} is {status}; it can no longer be packed or unpacked.",
    ),
    "shipment_not_incoming": (
        "配送单 {ref} 不是发往本服务点、待接收的配送单。",
        "Shipment {ref} is not a shipment on its way to this point.",
    ),
    "shipment_empty": (
        "配送单 {ref} 还是空箱，请先装入图书再发出。",
        "Shipment {ref} is empty; pack items before dispatching it.",
    ),
    "shipment_same_point": (
        "不能给本服务点自己配送，请选择其他目的服务点。",
        "A shipment cannot go to this point itself; choose another destination.",
    ),
    "item_in_shipment": (
        "图书 {barcode} 已在配送单 {ref}（发往 {to}）中，不能重复装箱。",
        "Item {barcode} is already in shipment {ref} (to {to}); it cannot be packed twice.",
    ),
    "item_not_here": (
        "图书 {barcode} 不在本服务点（现在 {location}），不能装箱。",
        "Item {barcode} is not at this point (it is at {location}), so it cannot be packed.",
    ),
    "item_routed_elsewhere": (
        "图书 {barcode} 应送往 {route}，请装入发往 {route} 的配送单。",
        "Item {barcode} must go to {route}; pack it in a shipment to {route}.",
    ),
    "item_not_ours": (
        "图书 {barcode} 属于 {owner}，本服务点只能将其送回 {owner}。",
        "Item {barcode} belongs to {owner}; this point can only send it back to {owner}.",
    ),
    "item_not_shippable": (
        "图书 {barcode} 当前状态为“{status}”，不能装箱。",
        "Item {barcode} is '{status}' and cannot be packed.",
    ),
    "not_in_shipment": (
        "图书 {barcode} 不在配送单 {ref} 中。",
        "Item {barcode} is not in shipment {ref}.",
    ),
    "note_required": (
        "请填写破损情况说明。",
        "Describe the damage in a note.",
    ),
    # --- holds (预约; services/holds.py) ---
    "unknown_hold": ("找不到预约“{ref}”。", "No hold '{ref}'."),
    "hold_limit_reached": (
        "已达预约上限：该读者最多可同时预约 {limit} 种，当前已有 {count} 种。",
        "Hold limit reached: this reader may have {limit} holds at once and has {count}.",
    ),
    "not_holdable": (
        "“{material}”类文献不能预约。",
        "Items of type '{material}' cannot be placed on hold.",
    ),
    "hold_duplicate": (
        "该读者已预约《{title}》（预约 {ref}），不能重复预约。",
        "This reader already has a hold on '{title}' (hold {ref}); it cannot be placed twice.",
    ),
    "hold_not_active": (
        "预约 {ref} 已结束（{status}），不能再修改。",
        "Hold {ref} has ended ({status}); it can no longer be changed.",
    ),
    "hold_not_waiting": (
        "预约 {ref} 的图书已在途或已上预约架，不能再更改取书点或暂停。",
        "The copy for hold {ref} is already on its way or on the hold shelf; the pickup "
        "point can no longer change and the hold cannot be suspended.",
    ),
    "no_hold_for_item": (
        "图书 {barcode} 没有可满足的预约，请正常上架。",
        "No hold is waiting for item {barcode}; shelve it as usual.",
    ),
    "hold_copy_not_here": (
        "图书 {barcode} 不在本服务点（{status}），不能为预约留书。",
        "Item {barcode} is not on this point's shelf ({status}); it cannot be set aside.",
    ),
    "hold_not_for_shelf": (
        "图书 {barcode} 不是送到本服务点的预约书。",
        "Item {barcode} is not a held copy for pickup at this point.",
    ),
    "item_on_hold": (
        "该册已为读者（证号尾号 {card_tail}）预约留存，不能借给其他读者。",
        "This copy is held for another reader (card ending {card_tail}); it cannot be lent "
        "to anyone else.",
    ),
    "suspend_in_past": (
        "暂停日期 {until} 已过，请选择今天以后的日期。",
        "The date {until} has passed; choose a date after today.",
    ),
    # --- MARC import: why a record or a copy was skipped (marc.Reason), report lines ---
    "marc_bad_leader": (
        "头标区无效（记录长度或数据起始位置不是数字）",
        "Bad leader (the record length or base address is not a number)",
    ),
    "marc_truncated": (
        "记录不完整：头标记录长度 {length}，文件只剩 {left} 字节",
        "Truncated record: the leader says {length} bytes, the file has {left} left",
    ),
    "marc_length_mismatch": (
        "记录长度与记录结束符不符",
        "The record length does not match its end mark",
    ),
    "marc_not_encoding": (
        "不是有效的 {encoding} 编码（记录内第 {offset} 字节）",
        "Not valid {encoding} (at byte {offset} of the record)",
    ),
    "marc_xml_not_encoding": ("不是有效的 {encoding} 编码", "Not valid {encoding}"),
    "marc_leader_not_utf8": (
        "头标声明 UTF-8，但内容不是 UTF-8（记录内第 {offset} 字节），可指定编码 GB18030",
        "The leader says UTF-8 but the data is not (at byte {offset} of the record); "
        "choose encoding GB18030",
    ),
    "marc_unknown_encoding": (
        "未声明字符集（{declared}），且既不是 UTF-8 也不是 GB18030 编码。{hint}",
        "No character set declared ({declared}) and neither UTF-8 nor GB18030. {hint}",
    ),
    "marc_bad_structure": ("记录结构错误：{error}", "Bad record structure: {error}"),
    "marc_xml_broken": (
        "XML 不完整或格式错误（{detail}），其后的记录未读取",
        "XML truncated or malformed ({detail}); later records not read",
    ),
    "marc_no_title": (
        "没有题名字段（CNMARC 200 或 MARC21 245）",
        "No title field (CNMARC 200 or MARC21 245)",
    ),
    "marc_implausible_year": ("出版年 {year} 不合理，未导入", "Implausible year {year} dropped"),
    "marc_same_isbn": (
        "与第 {first} 条 ISBN 相同，已合并",
        "Same ISBN as record {first}, merged",
    ),
    "marc_barcode_taken": (
        "条码 {barcode} 已属于另一书目《{title}》",
        "Barcode {barcode} belongs to another title, '{title}'",
    ),
    "marc_no_call_number": ("条码 {barcode} 没有索书号", "Barcode {barcode} has no call number"),
    "marc_copy_refused": ("{barcode}：{reason}", "{barcode}: {reason}"),
    "marc_at_record": ("第 {number} 条记录", "record {number}"),
    "marc_at_byte": ("，字节 {offset}", ", byte {offset}"),
    "marc_at_line": ("，第 {line} 行", ", line {line}"),
    "marc_report_summary": (
        "导入 {imported}，更新 {updated}，未变 {unchanged}，跳过 {skipped}；新增 {items} 册",
        "imported {imported}, updated {updated}, unchanged {unchanged}, skipped {skipped}; "
        "{items} items added",
    ),
    "marc_report_skipped": ("  跳过 {position}：{reason}", "  skipped {position}: {reason}"),
    "marc_report_problem": ("  {position}：{reason}", "  {position}: {reason}"),
    # --- MARC character sets as records declare them (marc.choose_charset), and export ---
    "marc_not_marc8": (
        "记录声明 MARC-8（头标 09 位为空），但字段 {tags} 不是 MARC-8（{detail}）。{hint}",
        "The record declares MARC-8 (leader/09 blank) but field {tags} is not MARC-8 "
        "({detail}). {hint}",
    ),
    "marc_marc8_fields_dropped": (
        "字段 {tags} 不是有效的 MARC-8，已略去（不影响题名等著录项）",
        "Field {tags} is not valid MARC-8 and was left out (the catalogued fields are intact)",
    ),
    "marc_marc8_was_utf8": (
        "记录声明 MARC-8（头标 09 位为空），但内容是 UTF-8，已按 UTF-8 读取，请核对",
        "The record declares MARC-8 (leader/09 blank) but is UTF-8; read as UTF-8, please check",
    ),
    "marc_100_not_utf8": (
        "100 字段 $a/26-33 声明 ISO 10646（50），但第 {offset} 字节不是 UTF-8。{hint}",
        "Field 100 $a/26-33 declares ISO 10646 (50) but byte {offset} is not UTF-8. {hint}",
    ),
    "marc_100_unsupported": (
        "100 字段 $a/26-33 声明字符集 {sets}，本系统无法读取。{hint}",
        "Field 100 $a/26-33 declares {sets}, which this desk cannot read. {hint}",
    ),
    "marc_charset_guessed": (
        "记录未声明可识别的字符集（{declared}），已按 {encoding} 读取，请核对",
        "No character set this desk knows is declared ({declared}); read as {encoding}, "
        "please check",
    ),
    "marc_hint_encoding": (
        "内容看来是 {encoding} 编码：导入时指定编码 {encoding}（--encoding {encoding}）",
        "The data looks like {encoding}: import it with encoding {encoding} "
        "(--encoding {encoding})",
    ),
    "marc_hint_convert": (
        "请先转换为 UTF-8，或在导入时指定文件的实际编码（--encoding）",
        "Convert it to UTF-8 first, or import it naming its real encoding (--encoding)",
    ),
    "marc_export_summary": (
        "已导出 {records} 条记录、{items} 册到 {path}",
        "{records} records with {items} items exported to {path}",
    ),
    "marc_export_too_long": (
        "《{title}》的记录超出 ISO 2709 的长度上限，未导出（可改用 MARCXML）",
        "'{title}' is too long for ISO 2709 and was not exported (MARCXML can hold it)",
    ),
    "marc_export_unencodable": (
        "《{title}》含有 {encoding} 无法表示的字符，请改用 UTF-8 导出",
        "'{title}' has characters {encoding} cannot hold; export in UTF-8",
    ),
    # --- the machine: disk, files, the hub's address (see failure() below) ---
    "disk_full": (
        "磁盘已满：{path} 所在的磁盘没有剩余空间。本次操作未完成，数据完好。请腾出空间后重试。",
        "The disk is full: no space is left on the disk of {path}. The operation was not done; "
        "the data is intact. Free some space and try again.",
    ),
    "disk_io": (
        "磁盘读写出错（{detail}）：{path}。本次操作未完成，数据完好。"
        "请检查磁盘后重试；如反复出现，请联系技术支持。",
        "Disk read/write error ({detail}) at {path}. The operation was not done; the data is "
        "intact. Check the disk and try again; if it keeps happening, contact support.",
    ),
    "store_busy": (
        "数据库正被其他程序长时间占用（{path}），本次操作未完成。请稍后重试。",
        "The store is held by another program for too long ({path}); the operation was not "
        "done. Try again in a moment.",
    ),
    "path_unusable": (
        "无法使用 {path}：{detail}。本次操作未完成。请换一个位置或检查权限后重试。",
        "Cannot use {path}: {detail}. The operation was not done. Choose another place or "
        "check its permissions.",
    ),
    "number_too_large": ("数字 {value} 超出范围", "the number {value} is out of range"),
    "hub_url_invalid": (
        "中心地址“{url}”无效：应为 https://主机[:端口]。",
        "Hub address '{url}' is not valid: expected https://host[:port].",
    ),
    "hub_url_insecure": (
        "中心地址 {url} 未加密（http://），设备令牌和读者信息会以明文传输，已拒绝。"
        "请使用 https:// 地址；仅在测试网络中可加 --insecure 强制使用。",
        "Hub address {url} is not encrypted (http://): the device token and readers' data would "
        "travel in clear; refused. Use an https:// address; only on a test network, add "
        "--insecure to force it.",
    ),
    "hub_url_insecure_warning": (
        "警告：中心地址 {url} 未加密（http://），设备令牌和读者信息以明文传输。仅限测试网络使用。",
        "Warning: hub address {url} is not encrypted (http://); the device token and readers' "
        "data travel in clear. Use it on a test network only.",
    ),
    # --- reading promotion (阅读推广): activities and volunteers ---
    "unknown_activity": ("找不到活动“{ref}”。", "No activity '{ref}'."),
    "activity_not_ours": (
        "活动“{title}”由 {point} 举办，本服务点只能查看、宣传。",
        "Activity '{title}' is run by {point}; this point can only view and promote it.",
    ),
    "activity_not_open": (
        "活动“{title}”{status}，不能再修改或签到。",
        "Activity '{title}' is {status}; it can no longer be changed or checked in.",
    ),
    "activity_in_past": (
        "活动时间 {at:%Y-%m-%d %H:%M} 已过，请选择将来的时间。",
        "The time {at:%Y-%m-%d %H:%M} has passed; choose a time in the future.",
    ),
    "activity_bad_times": (
        "结束时间不能早于开始时间。",
        "The end time cannot be before the start time.",
    ),
    "activity_not_today": (
        "活动“{title}”在 {at:%Y-%m-%d %H:%M} 举行，今天不能现场签到。",
        "Activity '{title}' takes place on {at:%Y-%m-%d %H:%M}; attendance is taken on the day.",
    ),
    "activity_not_started": (
        "活动“{title}”尚未开始（{at:%Y-%m-%d %H:%M}），不能结束。",
        "Activity '{title}' has not started yet ({at:%Y-%m-%d %H:%M}); it cannot be closed.",
    ),
    "activity_full": (
        "活动“{title}”已满（{capacity} 人），不能再签到或报名。",
        "Activity '{title}' is full ({capacity} people); no more check-ins or registrations.",
    ),
    "activity_card_twice": (
        "读者证 {card} 已{what}，不重复计数。",
        "Card {card} is already {what}; it is counted once.",
    ),
    "unknown_series": (
        "活动系列“{code}”不在区级活动目录中。",
        "Series '{code}' is not in the district's activity catalogue.",
    ),
    "unknown_target_group": (
        "服务对象“{code}”不在区级活动目录中。",
        "Target group '{code}' is not in the district's activity catalogue.",
    ),
    "unknown_age_band": (
        "年龄段“{code}”无效，可选：{allowed}。",
        "Age band '{code}' is not valid; choose one of: {allowed}.",
    ),
    "unknown_volunteer": (
        "找不到志愿者“{ref}”。请核对证号，或先登记为志愿者。",
        "No volunteer '{ref}'. Check the card or add the person to the roster first.",
    ),
    "volunteer_card_taken": (
        "读者证 {card} 已登记为志愿者。",
        "Card {card} is already on the volunteer roster.",
    ),
    "volunteer_signed_in": (
        "志愿者 {name} 已于 {at:%H:%M} 签到，请勿重复签到。",
        "Volunteer {name} signed in at {at:%H:%M} already.",
    ),
    "volunteer_not_signed_in": (
        "志愿者 {name} 没有未结束的签到，不能签退（可能已签退）。",
        "Volunteer {name} is not signed in, so cannot sign out (signed out already?).",
    ),
    # --- fees (services/fees.py) ---
    "fees_not_charged": (
        "本区的标准包不收取滞纳金，无需收费。",
        "The district's standards package charges no fees; there is nothing to collect.",
    ),
    "no_fees_owed": ("读者 {card} 没有未缴费用。", "Reader {card} owes no fees."),
    "fee_not_open": (
        "费用 {fee} 不是读者 {card} 的未缴费用（可能已缴或已减免），请刷新后重试。",
        "Fee {fee} is not an unpaid fee of reader {card} (paid or waived already?); "
        "refresh and try again.",
    ),
    "waive_reason_required": ("减免费用须填写原因。", "Waiving a fee needs a reason."),
    "lost_price_unknown": (
        "图书 {barcode} 没有登记价格，请填写赔偿金额。",
        "Item {barcode} has no price on record; give the amount to charge.",
    ),
    "item_on_loan_state": (
        "图书 {barcode} 正在借出，请先归还，或按丢失/声称已还处理。",
        "Item {barcode} is on loan; check it in first, or close the loan as lost or claimed "
        "returned.",
    ),
    # --- self-check kiosks (SIP2): said on the kiosk's screen, in its language ---
    "kiosk_not_lending": (
        "本机不办理借书，请到服务台。",
        "This kiosk does not lend; see the desk.",
    ),
    "kiosk_no_returns": (
        "本机不办理还书，请到服务台。",
        "This kiosk takes no returns; see the desk.",
    ),
    "kiosk_no_renewals": (
        "本机不办理续借，请到服务台。",
        "This kiosk does not renew; see the desk.",
    ),
    "kiosk_material_not_lent": (
        "{material}不能在自助机借阅，请到服务台办理。",
        "A kiosk cannot lend {material}; please see the desk.",
    ),
    "reader_password_required": ("请输入读者密码。", "Please enter your reader password."),
    "reader_password_wrong": ("读者证号或密码错误。", "Wrong card number or password."),
    "kiosk_not_signed_in": ("自助机未登录。", "This kiosk is not signed in."),
    "kiosk_bad_login": ("自助机账号或密码错误。", "Wrong kiosk login or password."),
    "duplicate_kiosk": ("自助机账号 {login} 已存在。", "Kiosk account {login} already exists."),
    "unknown_kiosk": ("没有自助机账号 {login}。", "No kiosk account {login}."),
    "sip2_bind_failed": (
        "无法在 {address} 监听：{reason}",
        "Cannot listen on {address}: {reason}",
    ),
    "resident_lost": (
        "执行这条命令的进程意外结束。已完成的操作已保存，未完成的没有留下任何改动；"
        "请先用 status 或 loans 查看，再决定是否重做。",
        "The process running this command ended unexpectedly. What it had finished is saved; "
        "anything unfinished changed nothing. Check with status or loans before running it again.",
    ),
}


def current_locale() -> str:
    """The locale for messages: XCLIB_LANG, else Chinese (the desk's default)."""
    lang = os.environ.get("XCLIB_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def render(
    code: str, params: Mapping[str, Any], locale: str | None = None, names: Names | None = None
) -> str:
    """The message of ``code`` in ``locale``, its parameters shown in words: coded values by
    :data:`CODED` (or ``names``, e.g. a reader type's name from the standards package),
    a :class:`Text` or :class:`Phrase` in ``locale``, datetimes in Beijing time."""
    loc = locale or current_locale()
    en = loc == "en"
    zh_text, en_text = MESSAGES.get(code, ("错误：{code}", "Error: {code}"))
    shown = {k: _shown(v, loc) for k, v in params.items()}
    coded = CODED.get(code, {})
    for key, table in coded.items():
        pair = table.get(str(params.get(key)))
        if pair is not None:
            shown[key] = _fill(pair[1] if en else pair[0], shown)
    if code in DERIVED:
        key, source, table = DERIVED[code]
        pair = table.get(str(params.get(source)))
        shown[key] = (pair[1] if en else pair[0]) if pair else ""
    for k, v in params.items():
        if names and isinstance(v, str) and v in names and k not in coded:
            shown[k] = names[v][1] if en else names[v][0]
    return _fill(en_text if en else zh_text, {"code": code, **shown})


def _shown(value: Any, locale: str) -> Any:
    """A parameter ready for a template: words in ``locale``, a stored instant (UTC) as the
    desk reads it (the template gives the format)."""
    if isinstance(value, Text | Phrase):
        return value.text(locale)
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(BEIJING)
    return value


def _fill(template: str, values: Mapping[str, Any]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def json_param(value: Any, locale: str | None = None) -> Any:
    """A parameter as JSON carries it: words in ``locale`` (one string, never the pair),
    datetimes and dates in ISO 8601, the rest as is."""
    if isinstance(value, Text | Phrase):
        return value.text(locale)
    return value.isoformat() if isinstance(value, datetime | date) else value


@dataclass(frozen=True)
class Text:
    """A detail in both languages, said in one place (a refusal that recurs gets a code in
    :data:`MESSAGES` and is passed as a :class:`Phrase` instead). A message shows one of the
    two, in its language."""

    zh: str
    en: str

    def text(self, locale: str | None = None) -> str:
        return self.en if (locale or current_locale()) == "en" else self.zh

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True, init=False)
class Phrase:
    """A detail named by a code of :data:`MESSAGES` with its parameters (coded ones, such as a
    ``field`` of :data:`FIELDS`, shown by their names), rendered in the message's language:
    ``DeskError("bad_input", detail=Phrase("field_required", field="name"))``."""

    code: str
    params: dict[str, Any]

    def __init__(self, code: str, /, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)

    def text(self, locale: str | None = None) -> str:
        return render(self.code, self.params, locale)

    def __str__(self) -> str:
        return self.text()


def one_of(field: str, allowed: Iterable[str]) -> Phrase:
    """The detail of a value outside a fixed list: "format must be one of: auto, iso2709"."""
    return Phrase("field_one_of", field=field, allowed=", ".join(allowed))


def bad_year(raw: int | str) -> Phrase:
    """The detail of a report year ``common.figures.parse_year`` refused (desk and hub say it
    the same way): not a number, or a number outside the years a report can cover."""
    try:
        return Phrase("field_implausible", field="year", value=int(str(raw).strip()))
    except ValueError:
        return Phrase("field_not_number", field="year")


class DeskError(Exception):
    """A refusal the user can act on. Nothing has been changed when it is raised."""

    def __init__(self, code: str, /, *, names: Names | None = None, **params: Any) -> None:
        self.code = code
        self.params = params
        self.names = dict(names) if names else {}  # how coded params read, per language
        super().__init__(self.message("en"))

    def message(self, locale: str | None = None) -> str:
        return render(self.code, self.params, locale, self.names)

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """code, message and parameters as JSON carries them, all in ``locale``."""
        params = {k: json_param(v, locale) for k, v in self.params.items()}
        return {"code": self.code, "message": self.message(locale), "params": params}


class BlockedError(DeskError):
    """A circulation block. ``overridable_by`` lists the roles the package lets override it."""

    def __init__(
        self,
        code: str,
        /,
        overridable_by: tuple[str, ...] = (),
        *,
        names: Names | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, names=names, **params)
        self.overridable_by = overridable_by


# --- failures of the machine, as refusals -------------------------------------------------------
#: refusals of the machine, not of the rules: the same operation may well succeed once the
#: disk has room again (the circulation page keeps such scans for retry)
RETRYABLE = frozenset({"disk_full", "disk_io", "store_busy"})
#: below this many free bytes an SQLite "disk I/O error" is read as a full disk (SQLite reports
#: a write it could not extend, e.g. of the -shm index, as an I/O error, not as SQLITE_FULL)
NEARLY_FULL = 1 << 20
#: errno -> what it means, in both languages
_ERRNO_TEXT: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("不存在", "it does not exist"),
    errno.ENOTDIR: ("路径中有一项不是目录", "a part of the path is not a directory"),
    errno.EISDIR: ("这是一个目录", "it is a directory"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("不允许此操作", "operation not permitted"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.EEXIST: ("已存在", "it already exists"),
    errno.ENAMETOOLONG: ("路径太长", "the path is too long"),
    errno.EINVAL: ("此处不能创建文件", "files cannot be made there"),
    errno.ELOOP: ("符号链接循环", "too many symbolic links"),
}
#: SQLite's primary result codes that are about the machine, not the data
_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 13, 14
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_PERM = 5, 6, 8, 3


def _existing(path: Path) -> Path:
    """``path`` or its nearest existing ancestor (where free space can be measured)."""
    for p in (path, *path.parents):
        if p.exists():
            return p
    return Path(".")


def nearly_full(path: Path | str) -> bool:
    """Whether the disk holding ``path`` has (almost) no free space left."""
    try:
        return shutil.disk_usage(_existing(Path(path))).free < NEARLY_FULL
    except OSError:
        return False


def _errno_detail(code: int | None, fallback: str) -> Text:
    pair = _ERRNO_TEXT.get(code or 0)
    return Text(*pair) if pair else Text(fallback or "系统错误", fallback or "system error")


def _cannot_open(path: Path) -> Text:
    """Why SQLite could not open ``path`` (it does not say): ask the file system."""
    parent = path.parent
    if path.is_dir():
        return _errno_detail(errno.EISDIR, "")
    if not parent.exists():
        return _errno_detail(errno.ENOENT, "")
    if not parent.is_dir():
        return _errno_detail(errno.ENOTDIR, "")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return _errno_detail(errno.EACCES, "")
    return Text("无法打开或创建文件", "the file cannot be opened or created")


def failure(exc: BaseException, path: Path | str) -> DeskError | None:
    """The refusal a failure of the machine means for the user, or ``None`` for anything else.

    A full disk, an I/O error, a file SQLite cannot open, a store locked too long: the operation
    was not done and (SQLite's transactions see to it) the data is intact, so the user gets a
    plain message and a next step, never a traceback or "the store is damaged". Corruption is
    not decided here: only an integrity check can say a store is damaged (``backup.check_store``).
    ``path`` is where the operation worked (the data directory, a backup's file).
    """
    if isinstance(exc, DeskError):
        return exc
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's exception
    if isinstance(orig, sqlite3.Error):
        exc = orig
    where = Path(path)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == _SQLITE_FULL or (code == _SQLITE_IOERR and nearly_full(where)):
            return DeskError("disk_full", path=str(where))
        if code == _SQLITE_IOERR:
            return DeskError("disk_io", path=str(where), detail=str(exc)[:200])
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return DeskError("store_busy", path=str(where))
        if code in (_SQLITE_READONLY, _SQLITE_PERM):
            return DeskError(
                "path_unusable", path=str(where), detail=_errno_detail(errno.EACCES, "")
            )
        if code == _SQLITE_CANTOPEN:
            return DeskError("path_unusable", path=str(where), detail=_cannot_open(where))
        return None
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError | TimeoutError):
        named = Path(exc.filename) if isinstance(exc.filename, str) else where
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DeskError("disk_full", path=str(named))
        if exc.errno == errno.EIO:
            return DeskError("disk_io", path=str(named), detail=exc.strerror or "EIO")
        code = exc.errno
        if code == errno.ENOENT and (named.exists() or named.parent.is_dir()):
            code = errno.EINVAL  # the folder is there but makes no files (/proc/sys)
        if code in _ERRNO_TEXT:
            return DeskError("path_unusable", path=str(named), detail=_errno_detail(code, ""))
    return None
