<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ChecklistDialog</name>
    <message>
        <location filename="../../ui/duty.py" line="111"/>
        <source>本月必备服务确认</source>
        <translation>Required services this month</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="118"/>
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="118"/>
        <source>本月是否提供</source>
        <translation>Provided this month?</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="118"/>
        <source>说明（未提供时必填）</source>
        <translation>Note (required if not provided)</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="128"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="129"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="148"/>
        <source>{period} · 本级别服务点须提供 {n} 项服务；尚未确认提供：{gaps}</source>
        <translation>{period} · Points at this level must provide {n} services; not yet confirmed: {gaps}</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="162"/>
        <source>未确认</source>
        <translation>Not confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="163"/>
        <source>已提供</source>
        <translation>Provided</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="164"/>
        <source>未提供</source>
        <translation>Not provided</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="197"/>
        <source>没有需要保存的改动。</source>
        <translation>No changes to save.</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="203"/>
        <source>已保存 {n} 项确认。</source>
        <translation>Saved {n} answer(s).</translation>
    </message>
</context>
<context>
    <name>CirculationPage</name>
    <message>
        <location filename="../../ui/circulation.py" line="94"/>
        <source>借出 (F2)</source>
        <translation>Check out (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="95"/>
        <source>还书 (F3)</source>
        <translation>Return (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="111"/>
        <source>查找读者 (Ctrl+F)</source>
        <translation>Find reader (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="125"/>
        <source>越权办理… (F8)</source>
        <translation>Override… (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="135"/>
        <source>重试 (F6)</source>
        <translation>Retry (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="144"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="158"/>
        <location filename="../../ui/circulation.py" line="381"/>
        <source>请扫描读者证，或按 Ctrl+F 查找读者。</source>
        <translation>Scan a reader card, or press Ctrl+F to find a reader.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="162"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="163"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="164"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="165"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="166"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="174"/>
        <source>在借图书</source>
        <translation>Items on loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="177"/>
        <location filename="../../ui/circulation.py" line="194"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="178"/>
        <location filename="../../ui/circulation.py" line="195"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="179"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="180"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="181"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="182"/>
        <source>续借</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="183"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="191"/>
        <source>本次归还</source>
        <translation>Returned now</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="196"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="197"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="198"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="199"/>
        <source>去向</source>
        <translation>Goes to</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="209"/>
        <source>续借所选 (F4)</source>
        <translation>Renew selected (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="211"/>
        <source>打印凭条 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="213"/>
        <source>凭条存为 PDF (Ctrl+Shift+P)</source>
        <translation>Receipt as PDF (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="215"/>
        <source>结束本次 (Esc)</source>
        <translation>Done with reader (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="272"/>
        <source>借出</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="273"/>
        <source>扫描读者证，再逐本扫描图书条码</source>
        <translation>Scan the reader card, then each item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="286"/>
        <source>还书</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="287"/>
        <source>逐本扫描归还图书的条码</source>
        <translation>Scan the barcode of each returned item</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="318"/>
        <source>现在是还书模式，无需扫描读者证。要借书请按 F2。</source>
        <translation>This is return mode: no card needed. Press F2 to check out.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="326"/>
        <source>请先扫描读者证，再扫描图书。</source>
        <translation>Scan the reader&apos;s card first, then the items.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="335"/>
        <source>正在读取读者 {card}…</source>
        <translation>Reading reader {card}…</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="361"/>
        <source>该读者证已停用：{reason}。不能借书，可以还书。</source>
        <translation>This card is blocked: {reason}. No borrowing; returns are fine.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="388"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="388"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="391"/>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="393"/>
        <location filename="../../ui/circulation.py" line="453"/>
        <source>{n} 册</source>
        <translation>{n} item(s)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="395"/>
        <source>停用：{reason}</source>
        <translation>Blocked: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="398"/>
        <source>读者证已过期，请先续证</source>
        <translation>Card expired: renew the card first</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="402"/>
        <source>本次借出</source>
        <translation>Just checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="404"/>
        <source>逾期 {n} 天</source>
        <translation>{n} day(s) overdue</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="423"/>
        <source>重复扫描：{barcode} 刚刚已借给这位读者，无需再扫。</source>
        <translation>Duplicate scan: {barcode} was just lent to this reader; no need to scan it again.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="431"/>
        <source>{barcode} 已在这位读者的在借列表中，无需再借。</source>
        <translation>{barcode} is already on loan to this reader; nothing to do.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="455"/>
        <source>已借出《{title}》，应还日期 {due}。</source>
        <translation>Checked out &quot;{title}&quot;, due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="483"/>
        <source>如确需办理，请按 F8 填写原因后越权办理。</source>
        <translation>If it must go out, press F8 and give a reason to override.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="485"/>
        <source>（可由{roles}越权办理）</source>
        <translation>(an override needs: {roles})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="493"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="494"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="495"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="504"/>
        <source>越权办理</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="505"/>
        <source>系统拒绝的原因：{why}
越权办理将记录您的工号和原因，并同步到区馆。</source>
        <translation>Refused because: {why}
The override records your staff code and reason, and is synced to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="508"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="527"/>
        <source>请先扫描读者证，再选择要续借的图书。</source>
        <translation>Scan the reader&apos;s card first, then select the items to renew.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="531"/>
        <source>请在在借列表中选择要续借的图书。</source>
        <translation>Select the items to renew in the loan list.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="560"/>
        <source>已续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="565"/>
        <source>已续借《{title}》，新的应还日期 {due}。</source>
        <translation>Renewed &quot;{title}&quot;, now due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="574"/>
        <source>重复扫描：{barcode} 刚刚已归还。</source>
        <translation>Duplicate scan: {barcode} was just returned.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="601"/>
        <source>{barcode} 已在待重试的扫描中，无需再扫；腾出空间后按“重试”。</source>
        <translation>{barcode} is already kept for retry; no need to scan it again. Free some space, then press Retry.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="617"/>
        <source>{barcode}：未办理，已保留待重试（见上方提示）</source>
        <translation>{barcode}: not done, kept for retry (see the notice above)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="623"/>
        <source>已保留 {n} 次扫描，未丢失。腾出磁盘空间后按“重试 (F6)”继续办理。</source>
        <translation>{n} scan(s) kept, none lost. Free some disk space, then press Retry (F6) to finish them.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="657"/>
        <source>已为读者 {card} 补办借出《{title}》，应还日期 {due}。</source>
        <translation>Lent &apos;{title}&apos; to reader {card} on retry; due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="674"/>
        <source>送往 {name}（{code}）</source>
        <translation>To {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="676"/>
        <source>本馆上架</source>
        <translation>Reshelve here</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="693"/>
        <source>逾期 {days} 天，滞纳金 {fee:.2f} 元。</source>
        <translation>{days} day(s) late, fee {fee:.2f} CNY.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="701"/>
        <source>已归还《{title}》。请送往：{name}（{code}）</source>
        <translation>Returned &quot;{title}&quot;. Route to: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="709"/>
        <source>已归还《{title}》，请放回本馆书架。</source>
        <translation>Returned &quot;{title}&quot;. Put it back on the shelf here.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="747"/>
        <source>本次还没有借还记录，无需打印凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to print.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="754"/>
        <source>凭条已发送到打印机。</source>
        <translation>Receipt sent to the printer.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="759"/>
        <source>本次还没有借还记录，无需保存凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to save.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="764"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="771"/>
        <source>凭条已保存：{path}</source>
        <translation>Receipt saved: {path}</translation>
    </message>
</context>
<context>
    <name>Compliance</name>
    <message>
        <location filename="../../ui/compliance.py" line="50"/>
        <source>达标</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="51"/>
        <source>接近</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="52"/>
        <source>未达标</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="53"/>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="56"/>
        <source>统一标识</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="57"/>
        <source>统一服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="58"/>
        <source>统一人员配备</source>
        <translation>Staffing</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="59"/>
        <source>统一管理体系</source>
        <translation>Management</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="60"/>
        <source>统一标准</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="65"/>
        <source>总馆</source>
        <translation>District library</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="66"/>
        <source>街道分馆</source>
        <translation>Street branch</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="67"/>
        <source>社区服务点</source>
        <translation>Community point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="68"/>
        <source>社会合作点</source>
        <translation>Partner point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="129"/>
        <source>流通次数</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="130"/>
        <source>到馆人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="132"/>
        <source>新增藏量</source>
        <translation>New acquisitions</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="146"/>
        <location filename="../../ui/compliance.py" line="193"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="165"/>
        <source>周开放时长（小时）</source>
        <translation>Weekly opening hours</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="168"/>
        <source>在岗达标率（%）</source>
        <translation>Staffing met (%)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="180"/>
        <source>目标 {h} 小时</source>
        <translation>Target {h} h</translation>
    </message>
</context>
<context>
    <name>CompliancePage</name>
    <message>
        <location filename="../../ui/compliance.py" line="315"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="317"/>
        <source>本月必备服务确认… (Ctrl+K)</source>
        <translation>Required services… (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="325"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="330"/>
        <source>本服务点对照区馆考核指标</source>
        <translation>This point against the district&apos;s targets</translation>
    </message>
</context>
<context>
    <name>ComplianceView</name>
    <message>
        <location filename="../../ui/compliance.py" line="221"/>
        <source>统一</source>
        <translation>Unification</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="222"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="223"/>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="224"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="225"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="226"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="236"/>
        <source>流通、到馆、新增（按月）</source>
        <translation>Use by month</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="237"/>
        <source>开放时长与在岗（按月）</source>
        <translation>Hours and staffing</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="260"/>
        <source>总体：</source>
        <translation>Overall: </translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="264"/>
        <source>未登记</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="267"/>
        <source>{name}（{code}）· {year} 年，截至 {as_of} · 服务人口 {pop} · 标准包 v{v}。年度目标按已过天数折算。</source>
        <translation>{name} ({code}) · {year} to {as_of} · population served {pop} · standards v{v}. Annual targets are prorated to the days so far.</translation>
    </message>
</context>
<context>
    <name>DistrictCompliance</name>
    <message>
        <location filename="../../ui/compliance.py" line="375"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="375"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="375"/>
        <source>标准包</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="376"/>
        <source>总体</source>
        <translation>Overall</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="396"/>
        <source>{year} 年，截至 {as_of}；区馆现行标准包 v{v}；{n} 个服务点，其中 {red} 个未达标。选中一行查看该点的指标和逐月趋势。</source>
        <translation>{year} to {as_of}; district standards v{v}; {n} points, {red} not met. Select a row for that point&apos;s figures and monthly trend.</translation>
    </message>
</context>
<context>
    <name>DutyBar</name>
    <message>
        <location filename="../../ui/duty.py" line="48"/>
        <location filename="../../ui/duty.py" line="70"/>
        <source>上岗 (Ctrl+D)</source>
        <translation>Sign on (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="58"/>
        <source>在岗 {n}/{min} 人</source>
        <translation>On duty {n}/{min}</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="60"/>
        <source>（非开放时间）</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="62"/>
        <source>，人员不足</source>
        <translation>, understaffed</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="67"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="68"/>
        <source>在岗：{names}。按 Ctrl+D 上岗或离岗。</source>
        <translation>On duty: {names}. Ctrl+D signs you on or off.</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="70"/>
        <source>离岗 (Ctrl+D)</source>
        <translation>Sign off (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="88"/>
        <source>{name} 已离岗。</source>
        <translation>{name} signed off.</translation>
    </message>
    <message>
        <location filename="../../ui/duty.py" line="90"/>
        <source>{name} 已上岗。</source>
        <translation>{name} signed on.</translation>
    </message>
</context>
<context>
    <name>HoldingsPage</name>
    <message>
        <location filename="../../ui/holdings.py" line="43"/>
        <location filename="../../ui/holdings.py" line="211"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="44"/>
        <source>借出</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="45"/>
        <source>在途</source>
        <translation>In transit</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="46"/>
        <source>丢失</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="47"/>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="48"/>
        <source>已剔除</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="183"/>
        <source>题名、责任者、拼音、ISBN、分类号、索书号或条码；回车查本馆，Ctrl+回车联网查全区</source>
        <translation>Title, author, pinyin, ISBN, CLC, call number or barcode; Enter searches here, Ctrl+Enter the district</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="190"/>
        <source>取消查找</source>
        <translation>Cancel search</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="193"/>
        <source>联网查全区 (Ctrl+Enter)</source>
        <translation>Search district (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="200"/>
        <source>扫描图书条码查看单册</source>
        <translation>Scan an item barcode to see the copy</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="205"/>
        <location filename="../../ui/holdings.py" line="341"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="206"/>
        <location filename="../../ui/holdings.py" line="342"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="207"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="208"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="209"/>
        <location filename="../../ui/holdings.py" line="344"/>
        <source>分类号</source>
        <translation>CLC</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="210"/>
        <source>本馆复本</source>
        <translation>Copies here</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="224"/>
        <source>新增书目 (Ctrl+N)</source>
        <translation>New title (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="225"/>
        <source>为所选书目新增复本 (Ctrl+I)</source>
        <translation>Add copies to selected title (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="230"/>
        <source>导入 MARC… (Ctrl+M)</source>
        <translation>Import MARC… (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="234"/>
        <source>书目</source>
        <translation>Titles</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="238"/>
        <source>单册</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="240"/>
        <source>单册详情</source>
        <translation>Item details</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="243"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="243"/>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="243"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="243"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="248"/>
        <source>单册历史</source>
        <translation>Item history</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="287"/>
        <source>正在查找…（Esc 取消）</source>
        <translation>Searching… (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="295"/>
        <source>已取消联网查找。</source>
        <translation>Online search cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="298"/>
        <source>已取消查找。</source>
        <translation>Search cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="324"/>
        <source>找到 {n} 种书目</source>
        <translation>{n} title(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="331"/>
        <source>联网结果 — 区中心全区馆藏（非本馆数据）</source>
        <translation>Online results — district holdings from the hub (not this point&apos;s data)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="334"/>
        <source>按 Ctrl+Enter 在全区联合目录中查找；结果来自区中心，不保存到本机。</source>
        <translation>Press Ctrl+Enter to search the district union catalogue; results come from the hub and are not stored here.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="345"/>
        <source>全区复本</source>
        <translation>District copies</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="346"/>
        <source>全区在架</source>
        <translation>On shelf in district</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="354"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="355"/>
        <source>所在服务点</source>
        <translation>At point</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="356"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="357"/>
        <source>所属服务点</source>
        <translation>Owned by</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="358"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="383"/>
        <source>正在联网查找“{q}”…</source>
        <translation>Searching the district for &quot;{q}&quot;…</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="400"/>
        <source>联网查找未完成。</source>
        <translation>Online search did not finish.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="415"/>
        <source>联网结果：“{q}” 在全区 {points} 个服务点找到 {n} 种书目（区中心数据）</source>
        <translation>Online results: &quot;{q}&quot; — {n} title(s) at {points} point(s) in the district (hub data)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="438"/>
        <source>本馆</source>
        <translation>Here</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="439"/>
        <source>可借</source>
        <translation>Available</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="462"/>
        <source>条码：{v}</source>
        <translation>Barcode: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="463"/>
        <source>索书号：{v}</source>
        <translation>Call number: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="464"/>
        <source>资料类型：{v}</source>
        <translation>Material: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="465"/>
        <source>状态：{v}</source>
        <translation>Status: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="466"/>
        <source>所属服务点：{v}</source>
        <translation>Owned by: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="467"/>
        <source>当前所在：{v}</source>
        <translation>Now at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="468"/>
        <source>责任者：{v}</source>
        <translation>Author: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="470"/>
        <source>分类号：{v}</source>
        <translation>CLC: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="473"/>
        <source>价格：{v:.2f} 元</source>
        <translation>Price: {v:.2f} CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="478"/>
        <source>借出</source>
        <comment>history</comment>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="479"/>
        <source>归还</source>
        <comment>history</comment>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="480"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="481"/>
        <source>配送发出</source>
        <translation>Shipped</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="482"/>
        <source>配送收到</source>
        <translation>Received (shipment)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="483"/>
        <source>配送缺失</source>
        <translation>Missing from shipment</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="484"/>
        <source>配送多出</source>
        <translation>Extra in shipment</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="510"/>
        <source>应还 {due}，续借 {n} 次</source>
        <translation>due {due}, renewed {n} time(s)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="513"/>
        <source>特批：{reason}</source>
        <translation>override: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="515"/>
        <source>滞纳金 {v:.2f} 元</source>
        <translation>fee {v:.2f} CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="520"/>
        <source>配送单 {ref}</source>
        <translation>shipment {ref}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="522"/>
        <source>破损：{note}</source>
        <translation>damaged: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="523"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="540"/>
        <source>已新增书目《{title}》。</source>
        <translation>Title &quot;{title}&quot; added.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="546"/>
        <source>只有馆员或管理员可以导入书目。</source>
        <translation>Only a librarian or admin can import titles.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="554"/>
        <source>MARC 导入：新增 {a} 种，更新 {b} 种，跳过 {c} 条，新增 {d} 册。</source>
        <translation>MARC import: {a} titles added, {b} updated, {c} records skipped, {d} items added.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="563"/>
        <source>请先在列表中选择书目。</source>
        <translation>Select a title in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="570"/>
        <source>已为《{title}》新增 {n} 册。</source>
        <translation>Added {n} copies of &quot;{title}&quot;.</translation>
    </message>
</context>
<context>
    <name>ItemForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="115"/>
        <source>新增复本 — {title}</source>
        <translation>Add copies — {title}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="125"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="128"/>
        <source>逐个扫描新条码，回车添加</source>
        <translation>Scan each new barcode label; Enter adds it</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="131"/>
        <location filename="../../ui/holdings.py" line="135"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="132"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="133"/>
        <source>价格</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="134"/>
        <location filename="../../ui/holdings.py" line="135"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="135"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="138"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="166"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="167"/>
        <source>已添加 {barcode}</source>
        <translation>Added {barcode}</translation>
    </message>
</context>
<context>
    <name>KiosksPage</name>
    <message>
        <location filename="../../ui/kiosks.py" line="45"/>
        <source>自助机账号</source>
        <translation>Kiosk accounts</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="47"/>
        <source>账号</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="47"/>
        <location filename="../../ui/kiosks.py" line="70"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="47"/>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="47"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="47"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="64"/>
        <source>添加自助机</source>
        <translation>Add kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="66"/>
        <source>停用/启用所选</source>
        <translation>Disable/enable selected</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="69"/>
        <source>账号（CN）</source>
        <translation>Login (CN)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="71"/>
        <source>位置（CP）</source>
        <translation>Location (CP)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="72"/>
        <source>屏幕语言</source>
        <translation>Screen language</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="73"/>
        <source>密码（CO）</source>
        <translation>Password (CO)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="84"/>
        <source>自助机账号由馆员或管理员管理。</source>
        <translation>Kiosk accounts are managed by librarians and admins.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="86"/>
        <source>在线自助机</source>
        <translation>Kiosks connected now</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="91"/>
        <source>自助机</source>
        <translation>Kiosks</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="92"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="93"/>
        <source>连接于</source>
        <translation>Connected at</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="94"/>
        <source>消息数</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="95"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="96"/>
        <source>最近消息</source>
        <translation>Last message</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="141"/>
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="141"/>
        <source>停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="163"/>
        <source>已添加自助机 {login}。</source>
        <translation>Kiosk {login} added.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="189"/>
        <source>SIP2 服务未运行（xclib-desk sip2 serve，或启动时加 --with-app）。</source>
        <translation>The SIP2 server is not running (xclib-desk sip2 serve, or start with --with-app).</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="194"/>
        <source>SIP2 服务运行中：{address}，编码 {encoding}{tls}</source>
        <translation>SIP2 server running: {address}, encoding {encoding}{tls}</translation>
    </message>
    <message>
        <location filename="../../ui/kiosks.py" line="206"/>
        <source>（未登录）</source>
        <translation>(not signed in)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="65"/>
        <source>{district}·{point} — 借还服务台</source>
        <extracomment>warn when the data folder&apos;s disk has less than this many MB free (QSettings ``low_disk_mb``): a day of lending needs well under 1 MB, backups and the WAL need room to breathe</extracomment>
        <translation>{district} · {point} — Circulation desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>换班请按 Ctrl+L</source>
        <translation>Shift change: Ctrl+L</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>借还</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>读者</source>
        <translation>Readers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>馆藏</source>
        <translation>Holdings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111"/>
        <source>配送</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>合规</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114"/>
        <source>标准</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <source>自助机</source>
        <translation>Kiosks</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>服务台已锁定，请接班人员登录。</source>
        <translation>The desk is locked. The next staff member, please sign in.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>登录（Ctrl+L）</source>
        <translation>Sign in (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>已锁定：待接班人员登录</source>
        <translation>Locked: waiting for the next staff member</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="239"/>
        <source>借出模式</source>
        <translation>Check-out mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>还书模式</source>
        <translation>Return mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>续借所选</source>
        <translation>Renew selected</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>打印凭条</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="245"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="246"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="247"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="249"/>
        <source>换班（切换工作人员）</source>
        <translation>Shift change (switch staff)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251"/>
        <source>上岗 / 离岗</source>
        <translation>Sign on / off</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>导入 MARC 书目</source>
        <translation>Import MARC records</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="279"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>当班：{name}（{code}，{role}）</source>
        <translation>On duty: {name} ({code}, {role})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="288"/>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>○ 离线（未登记中心）</source>
        <translation>○ Offline (not enrolled)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="323"/>
        <source>待同步 {n} 条（最早 {age}）</source>
        <translation>{n} waiting to sync (oldest {age})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="328"/>
        <source>待同步 0 条</source>
        <translation>Nothing waiting</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <source>上次同步：{age}</source>
        <translation>Last sync: {age}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>上次同步：从未</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>⚠ 本机时钟偏差 {m} 分钟，请校准</source>
        <translation>⚠ Clock off by {m} min: set the time</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="342"/>
        <source>标准 v{v}</source>
        <translation>Standards v{v}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="359"/>
        <source>⚠ 磁盘已满</source>
        <translation>⚠ Disk full</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="360"/>
        <source>⚠ 磁盘已满：借还无法记录，请立即腾出空间</source>
        <translation>⚠ Disk full: loans and returns cannot be recorded. Free space now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="362"/>
        <source>⚠ 磁盘仅剩 {mb} MB</source>
        <translation>⚠ Disk: {mb} MB left</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="363"/>
        <source>⚠ 磁盘空间不足：仅剩 {mb} MB，请尽快清理</source>
        <translation>⚠ Low disk space: only {mb} MB left; free some soon</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="375"/>
        <source>同步失败：连不上中心</source>
        <translation>Sync failed: no hub</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="376"/>
        <source>同步失败：无法连接区馆中心，稍后自动重试</source>
        <translation>Sync failed: cannot reach the hub; retrying automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="379"/>
        <source>同步失败：凭证被拒</source>
        <translation>Sync failed: token refused</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="380"/>
        <source>同步失败：中心不接受本机凭证，请联系中心管理员</source>
        <translation>Sync failed: the hub does not accept this desk&apos;s token; contact the hub administrator</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="383"/>
        <source>同步失败：需升级程序</source>
        <translation>Sync failed: upgrade needed</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384"/>
        <source>同步失败：中心不接受本机版本，请升级程序</source>
        <translation>Sync failed: the hub does not accept this desk&apos;s version; upgrade the program</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="387"/>
        <source>同步失败：中心出错</source>
        <translation>Sync failed: hub error</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388"/>
        <source>同步失败：区馆中心出错，稍后自动重试</source>
        <translation>Sync failed: the hub had an error; retrying automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391"/>
        <source>同步失败：本机存储</source>
        <translation>Sync failed: local storage</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="392"/>
        <source>同步失败：本机数据无法写入（磁盘已满或被占用），稍后自动重试</source>
        <translation>Sync failed: this desk&apos;s data could not be written (disk full or busy); it retries automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>同步失败，稍后自动重试；详情见“同步”页</source>
        <translation>Sync failed; retrying automatically (details on the Sync page)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>刚刚</source>
        <translation>just now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="409"/>
        <source>{n} 分钟前</source>
        <translation>{n} min ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="411"/>
        <source>{n} 小时前</source>
        <translation>{n} h ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>{n} 天前</source>
        <translation>{n} days ago</translation>
    </message>
</context>
<context>
    <name>MarcImportDialog</name>
    <message>
        <location filename="../../ui/marcimport.py" line="39"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="40"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="41"/>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="42"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="56"/>
        <source>字节 {n}</source>
        <translation>byte {n}</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="58"/>
        <source>第 {n} 行</source>
        <translation>line {n}</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="69"/>
        <source>导入 MARC 书目</source>
        <translation>Import MARC records</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="74"/>
        <source>ISO 2709（.iso/.mrc）或 MARCXML（.xml）文件</source>
        <translation>ISO 2709 (.iso/.mrc) or MARCXML (.xml) file</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="76"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="82"/>
        <source>自动识别</source>
        <translation>Auto-detect</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="90"/>
        <source>自动识别（逐条：UTF-8，否则 GB18030）</source>
        <translation>Auto-detect (per record: UTF-8, else GB18030)</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="99"/>
        <source>馆藏字段：字段号，或 字段号$条码$分类号$书次号，如 852$p$h$i</source>
        <translation>Holdings field: tag, or tag$barcode$class$book no., e.g. 852$p$h$i</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="108"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="110"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="111"/>
        <source>编码</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="112"/>
        <source>馆藏字段</source>
        <translation>Holdings field</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="113"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="115"/>
        <source>开始导入</source>
        <translation>Start import</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="119"/>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="122"/>
        <source>导出报告…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="125"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="131"/>
        <source>%v / %m 条</source>
        <translation>%v / %m records</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="138"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="139"/>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="140"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="142"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="143"/>
        <source>新增册</source>
        <translation>Items added</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="144"/>
        <source>原因 / 问题</source>
        <translation>Reason / problem</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="169"/>
        <source>选择 MARC 文件</source>
        <translation>Choose a MARC file</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="171"/>
        <source>MARC 文件 (*.iso *.mrc *.marc *.dat *.xml);;所有文件 (*)</source>
        <translation>MARC files (*.iso *.mrc *.marc *.dat *.xml);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="190"/>
        <source>识别为 {kind}，{size} KB</source>
        <translation>Detected {kind}, {size} KB</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="200"/>
        <source>只有馆员或管理员可以导入书目。</source>
        <translation>Only a librarian or admin can import titles.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="204"/>
        <source>请先选择要导入的 MARC 文件。</source>
        <translation>Choose the MARC file to import first.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="211"/>
        <source>馆藏字段应为 905 或 905$b$d$e 这样的格式（字段号$条码$分类号$书次号）。</source>
        <translation>The holdings field should look like 905 or 905$b$d$e (tag$barcode$class$book no.).</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="239"/>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="255"/>
        <source>正在取消：本批写完后停止…</source>
        <translation>Cancelling: stopping after this batch…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="273"/>
        <source>已处理 {done} / {total} 条…</source>
        <translation>{done} / {total} records done…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="301"/>
        <source>已取消，未导入任何记录。</source>
        <translation>Cancelled; nothing imported.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="306"/>
        <source>共 {records} 条记录：新增 {imported} 种，更新 {updated} 种，未变 {unchanged} 种，跳过 {skipped} 条；新增 {items} 册，单册问题 {problems} 个。</source>
        <translation>{records} records: {imported} titles added, {updated} updated, {unchanged} unchanged, {skipped} skipped; {items} items added, {problems} item problem(s).</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="318"/>
        <source>导入已取消：已完成的批次已保存，再次导入同一文件即可继续。</source>
        <translation>Import cancelled: finished batches are saved; import the same file again to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="319"/>
        <source>导入已取消。</source>
        <translation>Import cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="322"/>
        <source>有 {n} 条记录被跳过，原因见下表。</source>
        <translation>{n} record(s) skipped; see the reasons below.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="325"/>
        <source>导入完成。</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="362"/>
        <source>导出导入报告</source>
        <translation>Export import report</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="364"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="381"/>
        <source>报告已导出：{path}</source>
        <translation>Report exported: {path}</translation>
    </message>
</context>
<context>
    <name>PackageForm</name>
    <message>
        <location filename="../../ui/packageform.py" line="56"/>
        <source>统一标识</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="57"/>
        <source>统一服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="58"/>
        <source>统一人员配备</source>
        <translation>Staffing</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="59"/>
        <source>统一管理体系</source>
        <translation>Management</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="60"/>
        <source>统一标准</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="65"/>
        <source>区代码</source>
        <translation>District code</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="66"/>
        <source>区馆名称</source>
        <translation>District library name</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="67"/>
        <source>服务点命名规则</source>
        <translation>Point naming rule</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="68"/>
        <source>标志</source>
        <translation>Logo</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="69"/>
        <source>主色</source>
        <translation>Primary colour</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="70"/>
        <source>辅色</source>
        <translation>Accent colour</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="71"/>
        <source>凭条抬头</source>
        <translation>Receipt header</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="72"/>
        <source>凭条落款</source>
        <translation>Receipt footer</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="73"/>
        <source>读者证号格式</source>
        <translation>Card number pattern</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="74"/>
        <source>图书条码格式</source>
        <translation>Item barcode pattern</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="75"/>
        <location filename="../../ui/packageform.py" line="101"/>
        <source>读者类型</source>
        <translation>Reader type</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="76"/>
        <location filename="../../ui/packageform.py" line="102"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="77"/>
        <source>借阅规则</source>
        <translation>Loan rules</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="78"/>
        <source>读者总借阅量</source>
        <translation>Reader quotas</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="79"/>
        <source>逾期规则</source>
        <translation>Overdue rules</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="80"/>
        <source>闭馆日期</source>
        <translation>Closed dates</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="81"/>
        <source>开放时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="82"/>
        <source>必备服务</source>
        <translation>Required services</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="83"/>
        <source>通借通还</source>
        <translation>Return anywhere</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="84"/>
        <source>可越权办理</source>
        <translation>Overridable</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="85"/>
        <source>允许服务点从严</source>
        <translation>Points may be stricter</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="86"/>
        <source>最少在岗人数</source>
        <translation>Minimum staff on duty</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="87"/>
        <source>岗位</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="88"/>
        <source>必修培训</source>
        <translation>Required training</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="89"/>
        <source>必报报表</source>
        <translation>Required reports</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="90"/>
        <source>报送周期</source>
        <translation>Report schedule</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="91"/>
        <source>借阅记录保留天数</source>
        <translation>Loan history kept (days)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="92"/>
        <source>审计记录保留天数</source>
        <translation>Audit log kept (days)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="93"/>
        <source>中图法版次</source>
        <translation>CLC edition</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="94"/>
        <source>索书号格式</source>
        <translation>Call number pattern</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="95"/>
        <source>CNMARC 必备字段</source>
        <translation>Required CNMARC fields</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="96"/>
        <source>考核指标</source>
        <translation>KPI targets</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="97"/>
        <source>信任的区馆密钥</source>
        <translation>Trusted district keys</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="98"/>
        <location filename="../../ui/packageform.py" line="503"/>
        <source>版本号</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="99"/>
        <location filename="../../ui/packageform.py" line="504"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="100"/>
        <source>生效时间</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="103"/>
        <source>可借册数</source>
        <translation>Item limit</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="104"/>
        <source>借期（天）</source>
        <translation>Loan days</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="105"/>
        <source>续借次数</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="106"/>
        <source>续借天数</source>
        <translation>Renewal days</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="107"/>
        <source>总册数</source>
        <translation>Total items</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="108"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="109"/>
        <source>中文名</source>
        <translation>Chinese name</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="110"/>
        <source>英文名</source>
        <translation>English name</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="111"/>
        <source>最大年龄</source>
        <translation>Max age</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="112"/>
        <source>最小年龄</source>
        <translation>Min age</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="113"/>
        <source>证件有效年数</source>
        <translation>Card valid (years)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="114"/>
        <source>可外借</source>
        <translation>Loanable</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="115"/>
        <source>收取逾期费</source>
        <translation>Charge fees</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="116"/>
        <source>宽限天数</source>
        <translation>Grace days</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="117"/>
        <source>允许逾期册数</source>
        <translation>Overdue items allowed</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="118"/>
        <source>每日逾期费（分）</source>
        <translation>Fee per day (fen)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="119"/>
        <source>逾期费上限（分）</source>
        <translation>Fee cap (fen)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="120"/>
        <source>服务点级别</source>
        <translation>Point level</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="121"/>
        <source>每周时段</source>
        <translation>Weekly hours</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="122"/>
        <source>每周最少小时</source>
        <translation>Min hours per week</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="123"/>
        <source>周末开放</source>
        <translation>Open at weekends</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="124"/>
        <source>延时开放</source>
        <translation>Late opening</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="125"/>
        <source>人均藏书量</source>
        <translation>Holdings per capita</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="126"/>
        <source>年新增藏量</source>
        <translation>New acquisitions per year</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="127"/>
        <source>年流通次数</source>
        <translation>Annual circulation</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="128"/>
        <source>人均到馆次数</source>
        <translation>Visits per capita</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="129"/>
        <source>每周开放小时</source>
        <translation>Weekly opening hours</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="130"/>
        <source>键</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="131"/>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="132"/>
        <source>密钥编号</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="133"/>
        <source>公钥</source>
        <translation>Public key</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="141"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="142"/>
        <location filename="../../ui/packageform.py" line="143"/>
        <source>应为整数</source>
        <translation>Must be a whole number</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="144"/>
        <location filename="../../ui/packageform.py" line="145"/>
        <source>应为数字</source>
        <translation>Must be a number</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="146"/>
        <source>应为“是”或“否”</source>
        <translation>Must be &quot;Yes&quot; or &quot;No&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="147"/>
        <source>应不小于 {ge}</source>
        <translation>Must be at least {ge}</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="148"/>
        <source>应大于 {gt}</source>
        <translation>Must be more than {gt}</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="149"/>
        <location filename="../../ui/packageform.py" line="150"/>
        <source>日期格式应为 YYYY-MM-DD</source>
        <translation>Date must be YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="151"/>
        <source>可选值：{expected}</source>
        <translation>Allowed: {expected}</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="152"/>
        <source>标准包中没有这一项</source>
        <translation>Not a field of the standards package</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="195"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="195"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="298"/>
        <source>多项用逗号分隔</source>
        <translation>Separate several with commas</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="357"/>
        <source>添加一行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="359"/>
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="461"/>
        <source>第 {n} 行</source>
        <translation>Row {n}</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="468"/>
        <source>{where}：{text}</source>
        <translation>{where}: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="506"/>
        <source>生效时间（北京时间）</source>
        <translation>Effective from (Beijing time)</translation>
    </message>
    <message>
        <location filename="../../ui/packageform.py" line="541"/>
        <source>密钥轮换</source>
        <translation>Key rotation</translation>
    </message>
</context>
<context>
    <name>ReaderForm</name>
    <message>
        <location filename="../../ui/readers.py" line="66"/>
        <source>读者登记</source>
        <translation>Register reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="66"/>
        <source>修改读者信息</source>
        <translation>Edit reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="70"/>
        <source>扫描新读者证</source>
        <translation>Scan the new card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="86"/>
        <source>监护人（未满14周岁必填）</source>
        <translation>Guardian (required under 14)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="92"/>
        <source>监护人姓名</source>
        <translation>Guardian name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="93"/>
        <source>监护人电话</source>
        <translation>Guardian phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="95"/>
        <source>读者证号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="96"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="97"/>
        <source>读者类型</source>
        <translation>Reader type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="98"/>
        <source>身份证号</source>
        <translation>Resident ID no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="100"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="101"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="104"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="80"/>
        <location filename="../../ui/readers.py" line="188"/>
        <source>18位，末位可为 X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="104"/>
        <source>保存 (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="196"/>
        <source>✓ 出生日期 {birth}，{age} 岁</source>
        <translation>✓ Born {birth}, age {age}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="199"/>
        <source>；未满14周岁，须登记监护人</source>
        <translation>; under 14: a guardian is required</translation>
    </message>
</context>
<context>
    <name>ReaderSearchDialog</name>
    <message>
        <location filename="../../ui/readers.py" line="250"/>
        <source>查找读者</source>
        <translation>Find reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="256"/>
        <source>证号、姓名或拼音（如 zhangsan / zs）</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="260"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="261"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="262"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="263"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="264"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="265"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="266"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="275"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="282"/>
        <source>找到 {n} 位读者</source>
        <translation>{n} reader(s) found</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <location filename="../../ui/readers.py" line="43"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="45"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="309"/>
        <source>证号、姓名或拼音（如 zhangsan / zs），回车查找</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs), then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="317"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="318"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="319"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="320"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="321"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="322"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="323"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="335"/>
        <source>登记新读者 (Ctrl+N)</source>
        <translation>Register (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="336"/>
        <source>修改 (Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="337"/>
        <source>停用 / 恢复 (Ctrl+B)</source>
        <translation>Block / unblock (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="338"/>
        <source>续证 (Ctrl+R)</source>
        <translation>Renew card (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="348"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="352"/>
        <source>读者详情</source>
        <translation>Reader details</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="312"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="384"/>
        <source>找到 {n} 位读者</source>
        <translation>{n} reader(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="403"/>
        <source>证号：{v}</source>
        <translation>Card: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="404"/>
        <source>类型：{v}</source>
        <translation>Type: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="405"/>
        <source>身份证：{v}</source>
        <translation>ID: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="406"/>
        <source>出生日期：{v}</source>
        <translation>Born: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="407"/>
        <source>电话：{v}</source>
        <translation>Phone: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="408"/>
        <source>地址：{v}</source>
        <translation>Address: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="409"/>
        <source>有效期至：{v}</source>
        <translation>Valid until: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="410"/>
        <source>在借：{v} 册</source>
        <translation>On loan: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="411"/>
        <source>办证服务点：{v}</source>
        <translation>Registered at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="415"/>
        <source>监护人：{n}（{p}）</source>
        <translation>Guardian: {n} ({p})</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="420"/>
        <source>已停用：{v}</source>
        <translation>Blocked: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="450"/>
        <source>已登记读者 {name}，证号 {card}。</source>
        <translation>Registered {name}, card {card}.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="462"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="475"/>
        <source>已恢复读者证。</source>
        <translation>Card unblocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="478"/>
        <source>停用读者证</source>
        <translation>Block card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="479"/>
        <source>停用后该读者在所有服务点都不能借书（还书不受影响）。</source>
        <translation>A blocked reader cannot borrow at any point (returns still work).</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="480"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="485"/>
        <source>已停用读者证。</source>
        <translation>Card blocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="492"/>
        <source>已续证。</source>
        <translation>Card renewed.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/widgets.py" line="118"/>
        <source>确认</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="118"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="129"/>
        <source>请填写原因。</source>
        <translation>Please give a reason.</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../ui/receipt.py" line="80"/>
        <source>借还凭条</source>
        <extracomment>the roll: 80 mm paper, of which thermal printers print about 72 mm a phone number, a web address, a code: ASCII runs that must not break at a line&apos;s end</extracomment>
        <translation>Loan receipt</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="81"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="82"/>
        <source>借出</source>
        <translation>Borrowed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="83"/>
        <source>续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="84"/>
        <source>应还</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="85"/>
        <source>归还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="86"/>
        <source>已还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="87"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
    </message>
</context>
<context>
    <name>ReceivePanel</name>
    <message>
        <location filename="../../ui/shipments.py" line="145"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="145"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="145"/>
        <source>册数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="145"/>
        <source>发出时间</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="150"/>
        <source>开始接收所选</source>
        <translation>Receive selected</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="152"/>
        <source>在途、待本馆接收</source>
        <translation>In transit to this point</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="158"/>
        <source>请在左侧选择一个配送单（双击或回车）。</source>
        <translation>Pick a shipment on the left (double-click or Enter).</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="161"/>
        <source>扫描箱内图书条码，回车</source>
        <translation>Scan each item in the box, then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="169"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="169"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="169"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="169"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="169"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="173"/>
        <source>标记破损… (F9)</source>
        <translation>Mark damaged… (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="175"/>
        <source>完成接收 (Ctrl+Enter)</source>
        <translation>Finish receiving (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="239"/>
        <source>接收配送单 {ref}：来自 {name}（{code}）</source>
        <translation>Receiving shipment {ref} from {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="268"/>
        <source>{barcode} 已扫描过，无需重复。</source>
        <translation>{barcode} is already scanned.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="274"/>
        <source>多出：{barcode}《{title}》不在本箱清单中，已登记为多出，请单独放置。</source>
        <translation>Extra: {barcode} &quot;{title}&quot; is not on this box&apos;s list; recorded as extra. Keep it apart.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="280"/>
        <source>已收到 {barcode}《{title}》，还剩 {left} 册未扫。</source>
        <translation>Received {barcode} &quot;{title}&quot;; {left} left to scan.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="292"/>
        <source>请先扫描或选择破损的图书。</source>
        <translation>Scan or select the damaged item first.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="295"/>
        <source>标记破损</source>
        <translation>Mark damaged</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="296"/>
        <source>{barcode} 到馆时破损：登记后该册状态为破损，并报告给发出馆。</source>
        <translation>{barcode} arrived damaged: the item is marked damaged and reported to the sending point.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="299"/>
        <source>破损说明</source>
        <translation>Damage note</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="316"/>
        <source>已登记破损：{barcode}（{note}）</source>
        <translation>Marked damaged: {barcode} ({note})</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="335"/>
        <source>接收完成：收到 {received} 册，缺失 {missing} 册，多出 {extra} 册，破损 {damaged} 册。</source>
        <translation>Received: {received} items, {missing} missing, {extra} extra, {damaged} damaged.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="338"/>
        <source>问题已报告区馆，同步后由发出馆处理。</source>
        <translation>Problems are reported to the district; the sending point resolves them after sync.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="357"/>
        <source>……另有 {n} 册</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="360"/>
        <source>完成接收</source>
        <translation>Finish receiving</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="362"/>
        <source>还有 {n} 册未扫描。完成接收会把它们登记为缺失，并报告给发出馆。</source>
        <translation>Not scanned yet: {n}. Finishing records them as missing and reports them to the sending point.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="367"/>
        <source>登记缺失并完成 (&amp;Y)</source>
        <translation>&amp;Yes, record as missing and finish</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="368"/>
        <source>继续扫描 (&amp;N)</source>
        <translation>&amp;No, keep scanning</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="383"/>
        <source>应到 {n}</source>
        <translation>Expected {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="384"/>
        <source>已收 {n}</source>
        <translation>Received {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="385"/>
        <source>未扫 {n}</source>
        <translation>Unscanned {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="388"/>
        <source>缺失 {n}</source>
        <translation>Missing {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="389"/>
        <source>多出 {n}</source>
        <translation>Extra {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="389"/>
        <source>破损 {n}</source>
        <translation>Damaged {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="398"/>
        <source>，破损</source>
        <translation>, damaged</translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message>
        <location filename="../../ui/shipments.py" line="423"/>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="424"/>
        <source>新建配送单</source>
        <translation>New shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="430"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="434"/>
        <source>装箱中的配送单</source>
        <translation>Open shipments</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="436"/>
        <source>新建配送单，或选择一个装箱中的配送单。</source>
        <translation>Start a new shipment, or pick an open one.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="438"/>
        <source>扫描要装箱的图书条码，回车</source>
        <translation>Scan each item to pack, then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="443"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="443"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="443"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="443"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="446"/>
        <source>从清单文件装箱…</source>
        <translation>Pack from list file…</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="448"/>
        <source>装入待运往该馆的图书</source>
        <translation>Pack items waiting for that point</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="450"/>
        <source>移出所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="452"/>
        <source>取消配送单</source>
        <translation>Cancel shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="454"/>
        <source>发出 (Ctrl+Enter)</source>
        <translation>Dispatch (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="517"/>
        <source>请先选择送往的服务点。</source>
        <translation>Choose the destination point first.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="526"/>
        <source>配送单 {ref} → {name}（{code}），{state}，{n} 册</source>
        <translation>Shipment {ref} → {name} ({code}), {state}, {n} item(s)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="568"/>
        <source>已装箱 {barcode}《{title}》</source>
        <translation>Packed {barcode} &quot;{title}&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="579"/>
        <source>选择条码清单</source>
        <translation>Choose a barcode list</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="581"/>
        <source>条码清单 (*.txt *.csv);;所有文件 (*)</source>
        <translation>Barcode lists (*.txt *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="590"/>
        <source>无法读取清单文件：{error}</source>
        <translation>Cannot read the list file: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="603"/>
        <source>已装箱 {n} 册；{m} 行未装箱：</source>
        <translation>Packed {n} item(s); {m} line(s) not packed:</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="610"/>
        <source>已装箱 {n} 册。</source>
        <translation>Packed {n} item(s).</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="620"/>
        <source>已装入 {n} 册待运图书。</source>
        <translation>Packed {n} waiting item(s).</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="655"/>
        <source>已发出配送单 {ref}：{n} 册在途，送往 {name}。</source>
        <translation>Shipment {ref} dispatched: {n} item(s) in transit to {name}.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/settings.py" line="39"/>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="47"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="49"/>
        <source>凭条打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="51"/>
        <source>（系统默认打印机）</source>
        <translation>(system default printer)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="58"/>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="59"/>
        <source>凭条按 80 毫米热敏纸排版；也可在借还页存为 PDF。</source>
        <translation>Receipts are laid out for 80 mm thermal paper; they can also be saved as PDF on the Circulation page.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="61"/>
        <source>数据存放位置</source>
        <translation>Store location</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="64"/>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="72"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="78"/>
        <source>服务点：{name}（{code}）</source>
        <translation>Point: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="81"/>
        <source>设备编号：{id}</source>
        <translation>Device: {id}</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="82"/>
        <source>现行标准包：v{v} {title}</source>
        <translation>Standards in force: v{v} {title}</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="111"/>
        <source>已保存打印机设置。</source>
        <translation>Printer setting saved.</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../ui/setup.py" line="66"/>
        <source>首次设置 — 西城区图书馆服务点</source>
        <translation>First-time setup — Xicheng District Library service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="70"/>
        <source>数据目录 {path} 还是空的。请设置本服务点，并建立第一个管理员账号。</source>
        <translation>The data directory {path} is empty. Set up this service point and create the first admin account.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="75"/>
        <source>方式</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="76"/>
        <source>离线初始化（使用内置的区馆标准包）</source>
        <translation>Initialise offline (bundled district standards)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="78"/>
        <source>向区馆中心登记（需要网络和一次性登记码）</source>
        <translation>Enrol with the district hub (network and one-time code needed)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="86"/>
        <source>中心地址</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="87"/>
        <source>登记码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="93"/>
        <source>服务点</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="99"/>
        <source>金融街街道分馆</source>
        <translation>Jinrongjie street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="102"/>
        <source>区馆（总馆）</source>
        <translation>District library (hall)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="103"/>
        <source>街道分馆</source>
        <translation>Street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="104"/>
        <source>社区服务点</source>
        <translation>Community point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="105"/>
        <source>社会合作服务点</source>
        <translation>Partner point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="111"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="112"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="113"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="115"/>
        <source>第一个管理员</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="123"/>
        <source>工号</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="124"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="125"/>
        <source>密码（至少8位）</source>
        <translation>Password (8+ characters)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="126"/>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="135"/>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="135"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="149"/>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="152"/>
        <source>密码至少 8 位。</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="155"/>
        <source>请填写管理员姓名；工号只能包含字母和数字。</source>
        <translation>Enter the admin&apos;s name; the staff code may hold letters and digits only.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="161"/>
        <source>请填写中心地址（https://…）和区馆发给本服务点的登记码。</source>
        <translation>Enter the hub address (https://…) and the enrolment code the district issued for this point.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="180"/>
        <source>正在设置…</source>
        <translation>Setting up…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="180"/>
        <source>正在向中心登记…</source>
        <translation>Enrolling with the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="200"/>
        <source>设置未完成（{e}）。未创建任何数据，请重试；如反复出现请联系技术支持。</source>
        <translation>Setup was not finished ({e}). Nothing was created; try again, and contact support if it keeps happening.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="205"/>
        <source>登记未成功：{e}。请核对中心地址和登记码，或先离线初始化。</source>
        <translation>Enrolment failed: {e}. Check the hub address and code, or initialise offline first.</translation>
    </message>
</context>
<context>
    <name>ShipmentsPage</name>
    <message>
        <location filename="../../ui/shipments.py" line="40"/>
        <source>待扫描</source>
        <translation>To scan</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="41"/>
        <source>已收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="42"/>
        <location filename="../../ui/shipments.py" line="82"/>
        <source>缺失</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="43"/>
        <source>多出（不在清单）</source>
        <translation>Extra (not listed)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="46"/>
        <source>装箱中</source>
        <translation>Packing</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="47"/>
        <source>已发出</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="48"/>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="49"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="75"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="76"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="77"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="78"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="79"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="80"/>
        <source>册数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="81"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="83"/>
        <source>多出</source>
        <translation>Extra</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="84"/>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="85"/>
        <source>发出时间</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="90"/>
        <source>接收</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="91"/>
        <source>装箱发出</source>
        <translation>Pack and send</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="92"/>
        <source>配送记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="117"/>
        <source>发出</source>
        <translation>Out</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="117"/>
        <source>收到</source>
        <translation>In</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="46"/>
        <source>登录 — {district}·{point}</source>
        <translation>Sign in — {district} · {point}</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="57"/>
        <location filename="../../ui/signin.py" line="66"/>
        <source>工号</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="67"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="68"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="69"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="68"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="90"/>
        <source>请输入工号和密码。</source>
        <translation>Enter your staff code and password.</translation>
    </message>
</context>
<context>
    <name>StandardsPage</name>
    <message>
        <location filename="../../ui/standardspage.py" line="91"/>
        <source>中心管理令牌（xclib-hub admin-token 生成）</source>
        <extracomment>set at signing time; a difference nobody needs to read</extracomment>
        <translation>Hub admin token (from xclib-hub admin-token)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="93"/>
        <source>保存令牌</source>
        <translation>Save token</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="95"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="106"/>
        <source>检查草稿 (F9)</source>
        <translation>Check draft (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="119"/>
        <source>项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="119"/>
        <source>现行（最新发布）</source>
        <translation>In force (latest published)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="119"/>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="125"/>
        <source>区馆私钥文件（district-….key.pem）</source>
        <translation>District private key (district-….key.pem)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="126"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="135"/>
        <source>签名并发布</source>
        <translation>Sign and publish</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="138"/>
        <source>签名并发布到区馆中心</source>
        <translation>Sign and publish to the district hub</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="140"/>
        <source>私钥文件</source>
        <translation>Key file</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="141"/>
        <source>私钥口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="145"/>
        <source>发布后各服务点在下次同步时收到新标准包，并于生效时间起执行；已借出的图书仍按借出时的规则。</source>
        <translation>Points receive the new package at their next sync and apply it from the effective time; items already on loan keep the rules they went out under.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="160"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="161"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="162"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="163"/>
        <source>运行版本</source>
        <translation>Running</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="164"/>
        <source>最近上传事件</source>
        <translation>Last upload</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="170"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="170"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="170"/>
        <source>生效时间</source>
        <translation>Effective from</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="170"/>
        <source>签名密钥</source>
        <translation>Signing key</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="175"/>
        <source>各服务点执行的版本（按其上传事件所带的标准包版本）</source>
        <translation>Version each point runs (from the version on its uploaded events)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="177"/>
        <source>已发布的版本</source>
        <translation>Published versions</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="184"/>
        <source>刷新区域合规</source>
        <translation>Refresh district compliance</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="194"/>
        <source>编辑草稿</source>
        <translation>Edit draft</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="195"/>
        <source>核对差异并发布</source>
        <translation>Review and publish</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="196"/>
        <source>版本与服务点</source>
        <translation>Versions and points</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="197"/>
        <source>区域合规</source>
        <translation>District compliance</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="219"/>
        <source>本机尚未登记到区馆中心：标准包只能在联网登记后发布。</source>
        <translation>This desk is not enrolled with the district hub: standards can only be published once enrolled.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="221"/>
        <source>区馆中心 {url} · 已保存管理令牌</source>
        <translation>District hub {url} · admin token saved</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="224"/>
        <source>区馆中心 {url} · 请输入中心管理令牌（只需输入一次）</source>
        <translation>District hub {url} · enter the hub admin token (once)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="254"/>
        <source>管理令牌已保存。</source>
        <translation>Admin token saved.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="315"/>
        <source>（现行）</source>
        <translation> (in force)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="318"/>
        <source>（内置）</source>
        <translation> (bundled)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="355"/>
        <source>草稿有 {n} 处错误，见各项下方的红字。</source>
        <translation>The draft has {n} error(s); see the red text under each field.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="359"/>
        <source>草稿符合标准包格式。</source>
        <translation>The draft is a valid standards package.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="374"/>
        <source>与最新发布的 v{v} 相比有 {n} 处改动：</source>
        <translation>{n} change(s) from the latest published v{v}:</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="382"/>
        <source>选择区馆私钥文件</source>
        <translation>Choose the district private key</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="382"/>
        <source>私钥 (*.pem);;所有文件 (*)</source>
        <translation>Private keys (*.pem);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="395"/>
        <source>草稿有错误，未发布。请按红字提示修改后再发布。</source>
        <translation>The draft has errors; not published. Fix the fields in red, then publish.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="397"/>
        <source>尚未从区馆中心取得现行标准包，无法发布。</source>
        <translation>The package in force has not been fetched from the hub yet; cannot publish.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="403"/>
        <source>草稿与最新发布的版本没有区别，未发布。</source>
        <translation>The draft is the same as the latest published version; not published.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="406"/>
        <source>请选择区馆私钥文件并输入口令。</source>
        <translation>Choose the district key file and enter its passphrase.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="425"/>
        <source>正在签名并发布…</source>
        <translation>Signing and publishing…</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="436"/>
        <source>已发布标准包 v{v}，{when} 起生效。各服务点下次同步时收到。</source>
        <translation>Published standards v{v}, in force from {when}. Points receive it at their next sync.</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../ui/statspage.py" line="108"/>
        <source>新增藏量</source>
        <translation>New acquisitions</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="109"/>
        <location filename="../../ui/statspage.py" line="334"/>
        <source>到馆人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="77"/>
        <source>本馆</source>
        <translation>This point</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="78"/>
        <source>全区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="79"/>
        <source>全区统计来自区馆中心（需要管理令牌与网络）</source>
        <translation>District statistics come from the hub (needs the admin token and the network)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="81"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="82"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="84"/>
        <source>导出 Excel / CSV… (Ctrl+S)</source>
        <translation>Export Excel / CSV… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="89"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="89"/>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="89"/>
        <source>人均</source>
        <translation>Per capita</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="92"/>
        <location filename="../../ui/statspage.py" line="233"/>
        <source>年度汇总</source>
        <translation>Year summary</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="96"/>
        <source>人均 = 数量 ÷ 服务人口（区馆登记的服务人口）。月份按北京时间。</source>
        <translation>Per capita = count ÷ population served (as recorded by the district). Months in Beijing time.</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="105"/>
        <source>按月流通</source>
        <translation>Circulation by month</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="106"/>
        <source>按读者类型</source>
        <translation>By reader type</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="107"/>
        <source>按中图法大类</source>
        <translation>By CLC class</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="110"/>
        <source>按服务点流通</source>
        <translation>By point</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="127"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="178"/>
        <source>正在统计 {year} 年…</source>
        <translation>Counting {year}…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="185"/>
        <source>正在从区馆中心取 {year} 年全区统计…</source>
        <translation>Fetching the district statistics for {year} from the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="233"/>
        <source>全区年度汇总</source>
        <translation>District summary for the year</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="266"/>
        <source>归还次数</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="269"/>
        <source>服务点数</source>
        <translation>Service points</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="282"/>
        <location filename="../../ui/statspage.py" line="305"/>
        <location filename="../../ui/statspage.py" line="313"/>
        <location filename="../../ui/statspage.py" line="318"/>
        <source>借出</source>
        <translation>Check-outs</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="286"/>
        <source>{year} 年全区（{n} 个服务点）：借出 {out} 次，归还 {back} 次</source>
        <translation>District {year} ({n} points): {out} check-outs, {back} returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="306"/>
        <source>归还</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="308"/>
        <location filename="../../ui/statspage.py" line="328"/>
        <location filename="../../ui/statspage.py" line="410"/>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="325"/>
        <source>册</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="326"/>
        <source>种</source>
        <translation>Titles</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="248"/>
        <source>{year} 年：借出 {out} 次，归还 {back} 次</source>
        <translation>{year}: {out} check-outs, {back} returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="443"/>
        <source>还没有统计结果，无法导出。</source>
        <translation>No figures yet; nothing to export.</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="452"/>
        <source>导出统计</source>
        <translation>Export statistics</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="454"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="461"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="472"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/syncpage.py" line="41"/>
        <source>服务点初始化</source>
        <translation>Point initialised</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="42"/>
        <source>新增工作人员</source>
        <translation>Staff added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="43"/>
        <source>读者登记</source>
        <translation>Reader registered</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="44"/>
        <source>修改读者</source>
        <translation>Reader edited</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="45"/>
        <source>停用读者证</source>
        <translation>Card blocked</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="46"/>
        <source>恢复读者证</source>
        <translation>Card unblocked</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="47"/>
        <source>续证</source>
        <translation>Card renewed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="48"/>
        <source>新增书目</source>
        <translation>Title added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="49"/>
        <source>新增单册</source>
        <translation>Item added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="50"/>
        <source>借出</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="51"/>
        <source>归还</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="52"/>
        <source>续借</source>
        <translation>Renewal</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="53"/>
        <source>到馆人次</source>
        <translation>Visits recorded</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="54"/>
        <source>启用标准包</source>
        <translation>Standards activated</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="55"/>
        <source>处理异常</source>
        <translation>Exception resolved</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="56"/>
        <source>修改书目</source>
        <translation>Title edited</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="57"/>
        <source>单册状态变更</source>
        <translation>Item status changed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="58"/>
        <source>新建调拨</source>
        <translation>Transfer created</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="59"/>
        <source>完成盘点</source>
        <translation>Inventory finished</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="60"/>
        <source>发出配送单</source>
        <translation>Shipment dispatched</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="61"/>
        <source>接收配送单</source>
        <translation>Shipment received</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="62"/>
        <source>上岗</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="63"/>
        <source>离岗</source>
        <translation>Signed off</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="64"/>
        <source>确认必备服务</source>
        <translation>Services confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="65"/>
        <source>匿名化到期记录</source>
        <translation>Retention applied</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="69"/>
        <source>同一本书在两处被借出：中心已关闭较早的借阅，请核对书在谁手里。</source>
        <translation>The same copy was lent at two points: the hub closed the earlier loan. Check who really has the book.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="72"/>
        <source>借书时该读者已在中心被停用：借阅已保留，请联系读者处理停用原因。</source>
        <translation>The reader was already blocked at the hub: the loan is kept; contact the reader about the block.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="75"/>
        <source>续借次数超过上限（离线期间在多处续借）：请联系读者按时归还。</source>
        <translation>Renewed past the limit (at several points while offline): ask the reader to return it on time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="78"/>
        <source>本机时钟比中心快：请校准本机时间。</source>
        <translation>This computer&apos;s clock is ahead of the hub: set the time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="79"/>
        <source>本机时钟与中心相差较大：请校准本机时间。</source>
        <translation>This computer&apos;s clock is far from the hub&apos;s: set the time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="80"/>
        <source>事件使用了中心不认识的标准包版本：请联系区馆管理员。</source>
        <translation>An event used a standards version the hub does not know: call the district admin.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="83"/>
        <source>中心拒绝了本机的一条记录：请查看原因，更正后在本机重新办理。</source>
        <translation>The hub refused one record from this desk: read the reason, correct it and redo it here.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="86"/>
        <source>本机的记录编号与已上传的重复（多因恢复了旧备份）：请立即同步，本机会自动重新编号后上传。</source>
        <translation>This desk reused record numbers already uploaded (usually after restoring an old backup): sync now; the desk renumbers and uploads them.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="90"/>
        <source>配送箱里少了这本书：已标为丢失（最后在发出方），请核对装箱单。</source>
        <translation>This copy was missing from the box: marked missing (last seen at the sender); check the packing list.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="93"/>
        <source>配送箱里多了这本书：已记在接收服务点，请决定它的归属。</source>
        <translation>This copy was in the box unlisted: now located at the receiving point; decide where it belongs.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="96"/>
        <source>这本书到达时已损坏：已按损坏接收，请修补或剔除。</source>
        <translation>This copy arrived damaged: received as damaged; repair or withdraw it.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="104"/>
        <source>记录写的服务点不是本机所属服务点</source>
        <extracomment>why the hub refused one event (``rejected`` exceptions carry the code): the authority table and the push handlers&apos; refusals, in docs/sync-protocol.md</extracomment>
        <translation>The record names a point other than this desk&apos;s own</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="105"/>
        <source>读者资料、状态和有效期只能由读者的注册服务点修改</source>
        <translation>A reader&apos;s profile, status and expiry can only be changed by the reader&apos;s home point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="108"/>
        <source>只有借出服务点或读者注册服务点可以续借</source>
        <translation>Only the lending point or the reader&apos;s home point can renew</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="109"/>
        <source>这本书不属于本服务点，也不在本服务点，不能由本机调拨、装箱或改状态</source>
        <translation>This copy neither belongs to nor is at this point: this desk cannot transfer, box or change it</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="112"/>
        <source>该读者证号已在其他服务点注册</source>
        <translation>This card number is registered at another point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="113"/>
        <source>该图书条码已在其他服务点登记</source>
        <translation>This barcode is registered at another point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="114"/>
        <source>中心没有这个配送单</source>
        <translation>The hub has no such box</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="115"/>
        <source>中心没有这条异常，或它与本服务点无关</source>
        <translation>The hub has no such exception, or it does not concern this point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="116"/>
        <source>中心没有这笔借阅</source>
        <translation>The hub has no such loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="117"/>
        <source>这笔借阅已经归还</source>
        <translation>This loan is already returned</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="118"/>
        <source>记录内容不符合数据格式</source>
        <translation>The record&apos;s content does not fit the data format</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="119"/>
        <source>中心不认识这种记录，请升级程序</source>
        <translation>The hub does not know this kind of record: upgrade the desk</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="120"/>
        <source>记录编号已被使用</source>
        <translation>Record number already used</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="121"/>
        <source>中心处理出错，请联系区馆</source>
        <translation>The hub failed to process it: contact the district library</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="127"/>
        <source>书目</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="128"/>
        <source>单册</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="129"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="130"/>
        <source>全区读者索引</source>
        <translation>District reader index</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="132"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="134"/>
        <source>标准包</source>
        <translation>Standards package</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="135"/>
        <location filename="../../ui/syncpage.py" line="202"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="140"/>
        <source>数据格式不符</source>
        <extracomment>why a feed row was refused (``sync.refusals``)</extracomment>
        <translation>Does not match the protocol</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="141"/>
        <source>本机无法应用</source>
        <translation>Could not be applied here</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="145"/>
        <location filename="../../ui/syncpage.py" line="273"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="146"/>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="147"/>
        <source>上报区馆</source>
        <translation>Escalate to district</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="156"/>
        <source>重复借出</source>
        <translation>Double loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="157"/>
        <source>借给已停用读者</source>
        <translation>Loan to blocked reader</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="158"/>
        <source>续借超限</source>
        <translation>Too many renewals</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="159"/>
        <source>时钟超前</source>
        <translation>Clock ahead</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="160"/>
        <source>时钟偏差</source>
        <translation>Clock drift</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="161"/>
        <source>标准包版本未知</source>
        <translation>Unknown standards version</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="162"/>
        <source>记录被拒绝</source>
        <translation>Record refused</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="163"/>
        <source>记录编号重复</source>
        <translation>Record number reused</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="164"/>
        <source>配送缺书</source>
        <translation>Box: copy missing</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="165"/>
        <source>配送多书</source>
        <translation>Box: extra copy</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="166"/>
        <source>配送破损</source>
        <translation>Box: copy damaged</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="171"/>
        <location filename="../../ui/syncpage.py" line="195"/>
        <source>图书条码</source>
        <translation>Item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="172"/>
        <location filename="../../ui/syncpage.py" line="173"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="174"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="188"/>
        <source>相关服务点</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="189"/>
        <source>修改的字段</source>
        <translation>Fields changed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="190"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="191"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="192"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="194"/>
        <source>有效期至</source>
        <translation>Expires on</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="197"/>
        <source>归还时间</source>
        <translation>Returned at</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="198"/>
        <source>记录编号</source>
        <translation>Record number</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="199"/>
        <source>占用该编号的记录</source>
        <translation>Record holding the number</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="200"/>
        <source>中心已收到的最大编号</source>
        <translation>Highest number the hub holds</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="201"/>
        <source>首条记录</source>
        <translation>First record</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="570"/>
        <source>另有 {n} 条中心数据无法接收，已跳过，见“无法接收的数据”。</source>
        <translation>{n} rows from the hub could not be taken and were skipped; see &quot;Rows not taken&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="131"/>
        <location filename="../../ui/syncpage.py" line="175"/>
        <location filename="../../ui/syncpage.py" line="196"/>
        <source>借阅</source>
        <translation>Loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="176"/>
        <source>被关闭的借阅</source>
        <translation>Loan closed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="177"/>
        <source>保留的借阅</source>
        <translation>Loan kept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="126"/>
        <location filename="../../ui/syncpage.py" line="178"/>
        <source>服务点</source>
        <extracomment>feed-row kinds (``protocol.feed``), as the refused-rows list names them</extracomment>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="179"/>
        <source>原因代码</source>
        <translation>Reason code</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="181"/>
        <source>记录内容</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="183"/>
        <source>事件编号</source>
        <translation>Event id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="184"/>
        <source>设备编号</source>
        <translation>Device id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="185"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="186"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="187"/>
        <source>事件时间</source>
        <translation>Event time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="216"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="219"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="233"/>
        <location filename="../../ui/syncpage.py" line="237"/>
        <source>序号</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="233"/>
        <location filename="../../ui/syncpage.py" line="238"/>
        <location filename="../../ui/syncpage.py" line="268"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="180"/>
        <location filename="../../ui/syncpage.py" line="233"/>
        <location filename="../../ui/syncpage.py" line="239"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="233"/>
        <location filename="../../ui/syncpage.py" line="240"/>
        <location filename="../../ui/syncpage.py" line="250"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="182"/>
        <location filename="../../ui/syncpage.py" line="233"/>
        <location filename="../../ui/syncpage.py" line="241"/>
        <source>工号</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="242"/>
        <source>中心给出的原因</source>
        <translation>Reason from the hub</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="268"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="268"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="274"/>
        <source>已更正…</source>
        <translation>Corrected…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="275"/>
        <source>上报区馆…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="293"/>
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="294"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="133"/>
        <location filename="../../ui/syncpage.py" line="295"/>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="247"/>
        <source>首次发现</source>
        <translation>First seen</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="248"/>
        <source>最近一次</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="249"/>
        <source>数据类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="193"/>
        <location filename="../../ui/syncpage.py" line="251"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="252"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="258"/>
        <source>以下数据来自区馆中心，但本机无法接收，已跳过并记录；其余数据照常同步。升级本程序后会自动重试；如长期存在，请把这些记录告知技术支持。</source>
        <translation>These rows came from the hub but this desk could not take them: they were skipped and recorded, everything else synced. An upgraded desk tries them again; if they stay, tell support about them.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="296"/>
        <source>无法接收的数据</source>
        <translation>Rows not taken</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="364"/>
        <source>待同步 ({n})</source>
        <translation>Waiting ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="365"/>
        <source>失败 ({n})</source>
        <translation>Failed ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="366"/>
        <source>异常 ({n})</source>
        <translation>Exceptions ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="380"/>
        <source>无法接收的数据 ({n})</source>
        <translation>Rows not taken ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="386"/>
        <source>（列表显示最早的 {n} 条）</source>
        <translation>(the list shows the oldest {n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="398"/>
        <source>本服务点尚未登记到区馆中心（离线初始化）。所有操作都已在本机保存，登记后会自动上传。待同步 {n} 条。</source>
        <translation>This point is not enrolled with the district hub (initialised offline). Everything is saved here and will upload after enrolment. {n} waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="403"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="403"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="404"/>
        <source>{state}；中心 {url}；待同步 {n} 条；上次成功同步 {last}</source>
        <translation>{state}; hub {url}; {n} waiting; last successful sync {last}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="408"/>
        <source>最近一次错误：{e}</source>
        <translation>Last error: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="476"/>
        <source>说明（会同步到区馆）</source>
        <translation>Note (synced to the district)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="489"/>
        <source>已处理：{kind} → {res}。处理结果会在下次同步时上传。</source>
        <translation>Resolved: {kind} → {res}. The decision uploads with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="502"/>
        <source>本服务点尚未登记到区馆中心，无法同步。请联系区馆管理员获取登记码。</source>
        <translation>This point is not enrolled with the district hub, so it cannot sync. Ask the district admin for an enrolment code.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="520"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="531"/>
        <source>连接中心</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="531"/>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="531"/>
        <source>下载</source>
        <translation>Download</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="546"/>
        <location filename="../../ui/syncpage.py" line="580"/>
        <source>同步已取消，已完成的部分已保存。</source>
        <translation>Sync cancelled; what was done is kept.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="550"/>
        <source>同步完成：上传 {up} 条，下载 {down} 条。</source>
        <translation>Sync done: {up} sent, {down} received.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="556"/>
        <source>同步未完成：{e}</source>
        <translation>Sync not finished: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="561"/>
        <location filename="../../ui/syncpage.py" line="584"/>
        <source>同步未完成：{e}。记录都在本机，稍后会自动重试。</source>
        <translation>Sync did not finish: {e}. Everything is kept here and will be retried automatically.</translation>
    </message>
</context>
<context>
    <name>TitleForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="57"/>
        <source>新增书目</source>
        <translation>New title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="70"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="72"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="73"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="74"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="75"/>
        <source>中图法分类号</source>
        <translation>CLC class number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="77"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="77"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UiContext</name>
    <message>
        <location filename="../../ui/context.py" line="75"/>
        <source>操作未完成：{error}。数据未被修改，请重试；如反复出现请联系管理员。</source>
        <translation>Not done: {error}. Nothing was changed; try again, and call the admin if it keeps happening.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="242"/>
        <source>现在从该备份恢复吗？</source>
        <translation>Restore from that backup now?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="255"/>
        <source>已从备份恢复：{n} 个事件，其中 {p} 个待同步。</source>
        <translation>Restored from the backup: {n} events, {p} of them waiting to sync.</translation>
    </message>
</context>
</TS>
