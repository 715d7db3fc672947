<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CirculationPage</name>
    <message>
        <location filename="../../ui/circulation.py" line="74"/>
        <source>借出 (F2)</source>
        <translation>Check out (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="75"/>
        <source>还书 (F3)</source>
        <translation>Return (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="91"/>
        <source>查找读者 (Ctrl+F)</source>
        <translation>Find reader (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="105"/>
        <source>越权办理… (F8)</source>
        <translation>Override… (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="114"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="128"/>
        <location filename="../../ui/circulation.py" line="349"/>
        <source>请扫描读者证，或按 Ctrl+F 查找读者。</source>
        <translation>Scan a reader card, or press Ctrl+F to find a reader.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="132"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="133"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="134"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="135"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="136"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="144"/>
        <source>在借图书</source>
        <translation>Items on loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="147"/>
        <location filename="../../ui/circulation.py" line="164"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="148"/>
        <location filename="../../ui/circulation.py" line="165"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="149"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="150"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="151"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="152"/>
        <source>续借</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="153"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="161"/>
        <source>本次归还</source>
        <translation>Returned now</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="166"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="167"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="168"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="169"/>
        <source>去向</source>
        <translation>Goes to</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="179"/>
        <source>续借所选 (F4)</source>
        <translation>Renew selected (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="181"/>
        <source>打印凭条 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="183"/>
        <source>凭条存为 PDF (Ctrl+Shift+P)</source>
        <translation>Receipt as PDF (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="185"/>
        <source>结束本次 (Esc)</source>
        <translation>Done with reader (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="240"/>
        <source>借出</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="241"/>
        <source>扫描读者证，再逐本扫描图书条码</source>
        <translation>Scan the reader card, then each item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="254"/>
        <source>还书</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="255"/>
        <source>逐本扫描归还图书的条码</source>
        <translation>Scan the barcode of each returned item</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="286"/>
        <source>现在是还书模式，无需扫描读者证。要借书请按 F2。</source>
        <translation>This is return mode: no card needed. Press F2 to check out.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="294"/>
        <source>请先扫描读者证，再扫描图书。</source>
        <translation>Scan the reader&apos;s card first, then the items.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="303"/>
        <source>正在读取读者 {card}…</source>
        <translation>Reading reader {card}…</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="329"/>
        <source>该读者证已停用：{reason}。不能借书，可以还书。</source>
        <translation>This card is blocked: {reason}. No borrowing; returns are fine.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="356"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="356"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="359"/>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="361"/>
        <location filename="../../ui/circulation.py" line="415"/>
        <source>{n} 册</source>
        <translation>{n} item(s)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="363"/>
        <source>停用：{reason}</source>
        <translation>Blocked: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="366"/>
        <source>读者证已过期，请先续证</source>
        <translation>Card expired: renew the card first</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="370"/>
        <source>本次借出</source>
        <translation>Just checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="372"/>
        <source>逾期 {n} 天</source>
        <translation>{n} day(s) overdue</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="389"/>
        <source>重复扫描：{barcode} 刚刚已借给这位读者，无需再扫。</source>
        <translation>Duplicate scan: {barcode} was just lent to this reader; no need to scan it again.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="397"/>
        <source>{barcode} 已在这位读者的在借列表中，无需再借。</source>
        <translation>{barcode} is already on loan to this reader; nothing to do.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="417"/>
        <source>已借出《{title}》，应还日期 {due}。</source>
        <translation>Checked out &quot;{title}&quot;, due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="441"/>
        <source>如确需办理，请按 F8 填写原因后越权办理。</source>
        <translation>If it must go out, press F8 and give a reason to override.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="443"/>
        <source>（可由{roles}越权办理）</source>
        <translation>(an override needs: {roles})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="451"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="452"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="453"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="462"/>
        <source>越权办理</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="463"/>
        <source>系统拒绝的原因：{why}
越权办理将记录您的工号和原因，并同步到区馆。</source>
        <translation>Refused because: {why}
The override records your staff code and reason, and is synced to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="466"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="485"/>
        <source>请先扫描读者证，再选择要续借的图书。</source>
        <translation>Scan the reader&apos;s card first, then select the items to renew.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="489"/>
        <source>请在在借列表中选择要续借的图书。</source>
        <translation>Select the items to renew in the loan list.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="518"/>
        <source>已续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="523"/>
        <source>已续借《{title}》，新的应还日期 {due}。</source>
        <translation>Renewed &quot;{title}&quot;, now due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="532"/>
        <source>重复扫描：{barcode} 刚刚已归还。</source>
        <translation>Duplicate scan: {barcode} was just returned.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="549"/>
        <source>送往 {name}（{code}）</source>
        <translation>To {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="551"/>
        <source>本馆上架</source>
        <translation>Reshelve here</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="568"/>
        <source>逾期 {days} 天，滞纳金 {fee:.2f} 元。</source>
        <translation>{days} day(s) late, fee {fee:.2f} CNY.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="576"/>
        <source>已归还《{title}》。请送往：{name}（{code}）</source>
        <translation>Returned &quot;{title}&quot;. Route to: {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="584"/>
        <source>已归还《{title}》，请放回本馆书架。</source>
        <translation>Returned &quot;{title}&quot;. Put it back on the shelf here.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="620"/>
        <source>本次还没有借还记录，无需打印凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to print.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="627"/>
        <source>凭条已发送到打印机。</source>
        <translation>Receipt sent to the printer.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="632"/>
        <source>本次还没有借还记录，无需保存凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to save.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="637"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="644"/>
        <source>凭条已保存：{path}</source>
        <translation>Receipt saved: {path}</translation>
    </message>
</context>
<context>
    <name>HoldingsPage</name>
    <message>
        <location filename="../../ui/holdings.py" line="38"/>
        <location filename="../../ui/holdings.py" line="201"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="39"/>
        <source>借出</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="40"/>
        <source>在途</source>
        <translation>In transit</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="41"/>
        <source>丢失</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="42"/>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="43"/>
        <source>已剔除</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="182"/>
        <source>题名、责任者、拼音、ISBN、分类号、索书号或条码，回车查找</source>
        <translation>Title, author, pinyin, ISBN, CLC, call number or barcode, then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="185"/>
        <source>取消查找</source>
        <translation>Cancel search</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="190"/>
        <source>扫描图书条码查看单册</source>
        <translation>Scan an item barcode to see the copy</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="195"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="196"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="197"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="198"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="199"/>
        <source>分类号</source>
        <translation>CLC</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="200"/>
        <source>本馆复本</source>
        <translation>Copies here</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="214"/>
        <source>新增书目 (Ctrl+N)</source>
        <translation>New title (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="215"/>
        <source>为所选书目新增复本 (Ctrl+I)</source>
        <translation>Add copies to selected title (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="221"/>
        <source>书目</source>
        <translation>Titles</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="224"/>
        <source>单册</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="226"/>
        <source>单册详情</source>
        <translation>Item details</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="229"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="229"/>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="229"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="229"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="234"/>
        <source>单册历史</source>
        <translation>Item history</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="264"/>
        <source>正在查找…（Esc 取消）</source>
        <translation>Searching… (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="275"/>
        <source>已取消查找。</source>
        <translation>Search cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="306"/>
        <source>找到 {n} 种书目</source>
        <translation>{n} title(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="327"/>
        <source>条码：{v}</source>
        <translation>Barcode: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="328"/>
        <source>索书号：{v}</source>
        <translation>Call number: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="329"/>
        <source>资料类型：{v}</source>
        <translation>Material: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="330"/>
        <source>状态：{v}</source>
        <translation>Status: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="331"/>
        <source>所属服务点：{v}</source>
        <translation>Owned by: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="332"/>
        <source>当前所在：{v}</source>
        <translation>Now at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="333"/>
        <source>责任者：{v}</source>
        <translation>Author: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="335"/>
        <source>分类号：{v}</source>
        <translation>CLC: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="338"/>
        <source>价格：{v:.2f} 元</source>
        <translation>Price: {v:.2f} CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="343"/>
        <source>借出</source>
        <comment>history</comment>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="344"/>
        <source>归还</source>
        <comment>history</comment>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="345"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="380"/>
        <source>已新增书目《{title}》。</source>
        <translation>Title &quot;{title}&quot; added.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="387"/>
        <source>请先在列表中选择书目。</source>
        <translation>Select a title in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="394"/>
        <source>已为《{title}》新增 {n} 册。</source>
        <translation>Added {n} copies of &quot;{title}&quot;.</translation>
    </message>
</context>
<context>
    <name>ItemForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="116"/>
        <source>新增复本 — {title}</source>
        <translation>Add copies — {title}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="126"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="129"/>
        <source>逐个扫描新条码，回车添加</source>
        <translation>Scan each new barcode label; Enter adds it</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="132"/>
        <location filename="../../ui/holdings.py" line="136"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="133"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="134"/>
        <source>价格</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="135"/>
        <location filename="../../ui/holdings.py" line="136"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="136"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="139"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="167"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="168"/>
        <source>已添加 {barcode}</source>
        <translation>Added {barcode}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="47"/>
        <source>{district}·{point} — 借还服务台</source>
        <translation>{district} · {point} — Circulation desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>换班请按 Ctrl+L</source>
        <translation>Shift change: Ctrl+L</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>借还</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>读者</source>
        <translation>Readers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85"/>
        <source>馆藏</source>
        <translation>Holdings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>借出模式</source>
        <translation>Check-out mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169"/>
        <source>还书模式</source>
        <translation>Return mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="170"/>
        <source>续借所选</source>
        <translation>Renew selected</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>打印凭条</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>换班（切换工作人员）</source>
        <translation>Shift change (switch staff)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202"/>
        <source>当班：{name}（{code}，{role}）</source>
        <translation>On duty: {name} ({code}, {role})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="232"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="236"/>
        <source>○ 离线（未登记中心）</source>
        <translation>○ Offline (not enrolled)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>待同步 {n} 条（最早 {age}）</source>
        <translation>{n} waiting to sync (oldest {age})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>待同步 0 条</source>
        <translation>Nothing waiting</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="250"/>
        <source>上次同步：{age}</source>
        <translation>Last sync: {age}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="252"/>
        <source>上次同步：从未</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>⚠ 本机时钟偏差 {m} 分钟，请校准</source>
        <translation>⚠ Clock off by {m} min: set the time</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>标准 v{v}</source>
        <translation>Standards v{v}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>在岗 {n}/{min} 人</source>
        <translation>Staff on duty {n}/{min}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="276"/>
        <source>刚刚</source>
        <translation>just now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="278"/>
        <source>{n} 分钟前</source>
        <translation>{n} min ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="280"/>
        <source>{n} 小时前</source>
        <translation>{n} h ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>{n} 天前</source>
        <translation>{n} days ago</translation>
    </message>
</context>
<context>
    <name>ReaderForm</name>
    <message>
        <location filename="../../ui/readers.py" line="62"/>
        <source>读者登记</source>
        <translation>Register reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="62"/>
        <source>修改读者信息</source>
        <translation>Edit reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="66"/>
        <source>扫描新读者证</source>
        <translation>Scan the new card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="82"/>
        <source>监护人（未满14周岁必填）</source>
        <translation>Guardian (required under 14)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="88"/>
        <source>监护人姓名</source>
        <translation>Guardian name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="89"/>
        <source>监护人电话</source>
        <translation>Guardian phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="91"/>
        <source>读者证号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="92"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="93"/>
        <source>读者类型</source>
        <translation>Reader type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="94"/>
        <source>身份证号</source>
        <translation>Resident ID no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="96"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="97"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="103"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="104"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="77"/>
        <location filename="../../ui/readers.py" line="133"/>
        <source>18位，末位可为 X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="141"/>
        <source>✓ 出生日期 {birth}，{age} 岁</source>
        <translation>✓ Born {birth}, age {age}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="143"/>
        <source>；未满14周岁，须登记监护人</source>
        <translation>; under 14: a guardian is required</translation>
    </message>
</context>
<context>
    <name>ReaderSearchDialog</name>
    <message>
        <location filename="../../ui/readers.py" line="193"/>
        <source>查找读者</source>
        <translation>Find reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="196"/>
        <source>证号、姓名或拼音（如 zhangsan / zs）</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="199"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="200"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="201"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="202"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="203"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="204"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="205"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="225"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="235"/>
        <source>找到 {n} 位读者</source>
        <translation>{n} reader(s) found</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <location filename="../../ui/readers.py" line="39"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="41"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="261"/>
        <source>证号、姓名或拼音（如 zhangsan / zs），回车查找</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs), then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="265"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="266"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="267"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="268"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="269"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="270"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="271"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="283"/>
        <source>登记新读者 (Ctrl+N)</source>
        <translation>Register (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="284"/>
        <source>修改 (Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="285"/>
        <source>停用 / 恢复 (Ctrl+B)</source>
        <translation>Block / unblock (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="286"/>
        <source>续证 (Ctrl+R)</source>
        <translation>Renew card (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="296"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="300"/>
        <source>读者详情</source>
        <translation>Reader details</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="331"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="342"/>
        <source>找到 {n} 位读者</source>
        <translation>{n} reader(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="361"/>
        <source>证号：{v}</source>
        <translation>Card: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="362"/>
        <source>类型：{v}</source>
        <translation>Type: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="363"/>
        <source>身份证：{v}</source>
        <translation>ID: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="364"/>
        <source>出生日期：{v}</source>
        <translation>Born: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="365"/>
        <source>电话：{v}</source>
        <translation>Phone: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="366"/>
        <source>地址：{v}</source>
        <translation>Address: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="367"/>
        <source>有效期至：{v}</source>
        <translation>Valid until: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="368"/>
        <source>在借：{v} 册</source>
        <translation>On loan: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="369"/>
        <source>办证服务点：{v}</source>
        <translation>Registered at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="373"/>
        <source>监护人：{n}（{p}）</source>
        <translation>Guardian: {n} ({p})</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="378"/>
        <source>已停用：{v}</source>
        <translation>Blocked: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="408"/>
        <source>已登记读者 {name}，证号 {card}。</source>
        <translation>Registered {name}, card {card}.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="420"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="433"/>
        <source>已恢复读者证。</source>
        <translation>Card unblocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="436"/>
        <source>停用读者证</source>
        <translation>Block card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="437"/>
        <source>停用后该读者在所有服务点都不能借书（还书不受影响）。</source>
        <translation>A blocked reader cannot borrow at any point (returns still work).</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="438"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="443"/>
        <source>已停用读者证。</source>
        <translation>Card blocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="450"/>
        <source>已续证。</source>
        <translation>Card renewed.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ui/widgets.py" line="115"/>
        <source>确认</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="116"/>
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
        <location filename="../../ui/receipt.py" line="44"/>
        <source>借还凭条</source>
        <translation>Loan receipt</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="45"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="46"/>
        <source>借出</source>
        <translation>Borrowed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="47"/>
        <source>续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="48"/>
        <source>应还</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="49"/>
        <source>归还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="50"/>
        <source>已还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="51"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
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
        <location filename="../../ui/setup.py" line="70"/>
        <source>首次设置 — 西城区图书馆服务点</source>
        <translation>First-time setup — Xicheng District Library service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="74"/>
        <source>数据目录 {path} 还是空的。请设置本服务点，并建立第一个管理员账号。</source>
        <translation>The data directory {path} is empty. Set up this service point and create the first admin account.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="79"/>
        <source>方式</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="80"/>
        <source>离线初始化（使用内置的区馆标准包）</source>
        <translation>Initialise offline (bundled district standards)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="82"/>
        <source>向区馆中心登记（需要网络和一次性登记码）</source>
        <translation>Enrol with the district hub (network and one-time code needed)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="90"/>
        <source>中心地址</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="91"/>
        <source>登记码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="97"/>
        <source>服务点</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="103"/>
        <source>金融街街道分馆</source>
        <translation>Jinrongjie street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="106"/>
        <source>区馆（总馆）</source>
        <translation>District library (hall)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="107"/>
        <source>街道分馆</source>
        <translation>Street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="108"/>
        <source>社区服务点</source>
        <translation>Community point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="109"/>
        <source>社会合作服务点</source>
        <translation>Partner point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="115"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="116"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="117"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="119"/>
        <source>第一个管理员</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="127"/>
        <source>工号</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="128"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="129"/>
        <source>密码（至少8位）</source>
        <translation>Password (8+ characters)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="130"/>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="143"/>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="144"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="159"/>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="162"/>
        <source>密码至少 8 位。</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="165"/>
        <source>请填写管理员姓名；工号只能包含字母和数字。</source>
        <translation>Enter the admin&apos;s name; the staff code may hold letters and digits only.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="171"/>
        <source>请填写中心地址（https://…）和区馆发给本服务点的登记码。</source>
        <translation>Enter the hub address (https://…) and the enrolment code the district issued for this point.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="185"/>
        <source>正在设置…</source>
        <translation>Setting up…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="185"/>
        <source>正在向中心登记…</source>
        <translation>Enrolling with the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="204"/>
        <source>登记未成功：{e}。请核对中心地址和登记码，或先离线初始化。</source>
        <translation>Enrolment failed: {e}. Check the hub address and code, or initialise offline first.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="36"/>
        <source>登录 — {district}·{point}</source>
        <translation>Sign in — {district} · {point}</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="47"/>
        <location filename="../../ui/signin.py" line="56"/>
        <source>工号</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="57"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="61"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="62"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="85"/>
        <source>请输入工号和密码。</source>
        <translation>Enter your staff code and password.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/syncpage.py" line="36"/>
        <source>服务点初始化</source>
        <translation>Point initialised</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="37"/>
        <source>新增工作人员</source>
        <translation>Staff added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="38"/>
        <source>读者登记</source>
        <translation>Reader registered</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="39"/>
        <source>修改读者</source>
        <translation>Reader edited</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="40"/>
        <source>停用读者证</source>
        <translation>Card blocked</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="41"/>
        <source>恢复读者证</source>
        <translation>Card unblocked</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="42"/>
        <source>续证</source>
        <translation>Card renewed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="43"/>
        <source>新增书目</source>
        <translation>Title added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="44"/>
        <source>新增单册</source>
        <translation>Item added</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="45"/>
        <source>借出</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="46"/>
        <source>归还</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="47"/>
        <source>续借</source>
        <translation>Renewal</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="48"/>
        <source>到馆人次</source>
        <translation>Visits recorded</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="49"/>
        <source>启用标准包</source>
        <translation>Standards activated</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="50"/>
        <source>处理异常</source>
        <translation>Exception resolved</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="54"/>
        <source>同一本书在两处被借出：中心已关闭较早的借阅，请核对书在谁手里。</source>
        <translation>The same copy was lent at two points: the hub closed the earlier loan. Check who really has the book.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="57"/>
        <source>借书时该读者已在中心被停用：借阅已保留，请联系读者处理停用原因。</source>
        <translation>The reader was already blocked at the hub: the loan is kept; contact the reader about the block.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="60"/>
        <source>续借次数超过上限（离线期间在多处续借）：请联系读者按时归还。</source>
        <translation>Renewed past the limit (at several points while offline): ask the reader to return it on time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="63"/>
        <source>本机时钟比中心快：请校准本机时间。</source>
        <translation>This computer&apos;s clock is ahead of the hub: set the time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="64"/>
        <source>本机时钟与中心相差较大：请校准本机时间。</source>
        <translation>This computer&apos;s clock is far from the hub&apos;s: set the time.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="65"/>
        <source>事件使用了中心不认识的标准包版本：请联系区馆管理员。</source>
        <translation>An event used a standards version the hub does not know: call the district admin.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="68"/>
        <source>中心拒绝了本机的一条记录：请查看原因，更正后在本机重新办理。</source>
        <translation>The hub refused one record from this desk: read the reason, correct it and redo it here.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="74"/>
        <location filename="../../ui/syncpage.py" line="169"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="75"/>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="76"/>
        <source>上报区馆</source>
        <translation>Escalate to district</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="85"/>
        <source>重复借出</source>
        <translation>Double loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="86"/>
        <source>借给已停用读者</source>
        <translation>Loan to blocked reader</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="87"/>
        <source>续借超限</source>
        <translation>Too many renewals</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="88"/>
        <source>时钟超前</source>
        <translation>Clock ahead</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="89"/>
        <source>时钟偏差</source>
        <translation>Clock drift</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="90"/>
        <source>标准包版本未知</source>
        <translation>Unknown standards version</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="91"/>
        <source>记录被拒绝</source>
        <translation>Record refused</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="96"/>
        <source>图书条码</source>
        <translation>Item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="97"/>
        <location filename="../../ui/syncpage.py" line="98"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="99"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="100"/>
        <source>借阅</source>
        <translation>Loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="101"/>
        <source>被关闭的借阅</source>
        <translation>Loan closed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="102"/>
        <source>保留的借阅</source>
        <translation>Loan kept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="103"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="104"/>
        <source>原因代码</source>
        <translation>Reason code</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="106"/>
        <source>记录内容</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="108"/>
        <source>事件编号</source>
        <translation>Event id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="109"/>
        <source>设备编号</source>
        <translation>Device id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="110"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="111"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="112"/>
        <source>事件时间</source>
        <translation>Event time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="135"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="138"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="152"/>
        <location filename="../../ui/syncpage.py" line="156"/>
        <source>序号</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="152"/>
        <location filename="../../ui/syncpage.py" line="157"/>
        <location filename="../../ui/syncpage.py" line="164"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="105"/>
        <location filename="../../ui/syncpage.py" line="152"/>
        <location filename="../../ui/syncpage.py" line="158"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="152"/>
        <location filename="../../ui/syncpage.py" line="159"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="107"/>
        <location filename="../../ui/syncpage.py" line="152"/>
        <location filename="../../ui/syncpage.py" line="160"/>
        <source>工号</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="161"/>
        <source>中心给出的原因</source>
        <translation>Reason from the hub</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="164"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="164"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="170"/>
        <source>已更正…</source>
        <translation>Corrected…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="171"/>
        <source>上报区馆…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="189"/>
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="190"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="191"/>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="256"/>
        <source>待同步 ({n})</source>
        <translation>Waiting ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="257"/>
        <source>失败 ({n})</source>
        <translation>Failed ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="258"/>
        <source>异常 ({n})</source>
        <translation>Exceptions ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="264"/>
        <source>（列表显示最早的 {n} 条）</source>
        <translation>(the list shows the oldest {n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="276"/>
        <source>本服务点尚未登记到区馆中心（离线初始化）。所有操作都已在本机保存，登记后会自动上传。待同步 {n} 条。</source>
        <translation>This point is not enrolled with the district hub (initialised offline). Everything is saved here and will upload after enrolment. {n} waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="281"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="281"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="282"/>
        <source>{state}；中心 {url}；待同步 {n} 条；上次成功同步 {last}</source>
        <translation>{state}; hub {url}; {n} waiting; last successful sync {last}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="286"/>
        <source>最近一次错误：{e}</source>
        <translation>Last error: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="311"/>
        <source>中心已处理：</source>
        <translation>Done by the hub: </translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="355"/>
        <source>说明（会同步到区馆）</source>
        <translation>Note (synced to the district)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="368"/>
        <source>已处理：{kind} → {res}。处理结果会在下次同步时上传。</source>
        <translation>Resolved: {kind} → {res}. The decision uploads with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="381"/>
        <source>本服务点尚未登记到区馆中心，无法同步。请联系区馆管理员获取登记码。</source>
        <translation>This point is not enrolled with the district hub, so it cannot sync. Ask the district admin for an enrolment code.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="399"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="410"/>
        <source>连接中心</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="410"/>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="410"/>
        <source>下载</source>
        <translation>Download</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="425"/>
        <location filename="../../ui/syncpage.py" line="446"/>
        <source>同步已取消，已完成的部分已保存。</source>
        <translation>Sync cancelled; what was done is kept.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="429"/>
        <source>同步完成：上传 {up} 条，下载 {down} 条。</source>
        <translation>Sync done: {up} sent, {down} received.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="436"/>
        <location filename="../../ui/syncpage.py" line="450"/>
        <source>同步未完成：{e}。记录都在本机，稍后会自动重试。</source>
        <translation>Sync did not finish: {e}. Everything is kept here and will be retried automatically.</translation>
    </message>
</context>
<context>
    <name>TitleForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="52"/>
        <source>新增书目</source>
        <translation>Title added</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="65"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="67"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="68"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="69"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="70"/>
        <source>中图法分类号</source>
        <translation>CLC class number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="75"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="76"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>UiContext</name>
    <message>
        <location filename="../../ui/context.py" line="55"/>
        <source>操作未完成：{error}。数据未被修改，请重试；如反复出现请联系管理员。</source>
        <translation>Not done: {error}. Nothing was changed; try again, and call the admin if it keeps happening.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="241"/>
        <source>现在从该备份恢复吗？</source>
        <translation>Restore from that backup now?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="254"/>
        <source>已从备份恢复：{n} 个事件，其中 {p} 个待同步。</source>
        <translation>Restored from the backup: {n} events, {p} of them waiting to sync.</translation>
    </message>
</context>
</TS>
