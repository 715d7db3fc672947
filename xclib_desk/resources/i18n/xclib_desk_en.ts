<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ActivitiesPage</name>
    <message>
        <location filename="../../ui/activities.py" line="48"/>
        <source>计划中</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="49"/>
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="50"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="53"/>
        <source>儿童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="54"/>
        <source>青少年</source>
        <translation>Teen</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="55"/>
        <source>成人</source>
        <translation>Adult</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="56"/>
        <source>老年人</source>
        <translation>Senior</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="59"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="60"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="61"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="62"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="63"/>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="64"/>
        <source>签到时间</source>
        <translation>Checked in at</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="65"/>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="67"/>
        <source>签到表</source>
        <translation>sign-in sheet</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="102"/>
        <source>指标</source>
        <extracomment>the window keeps F2-F5 and Ctrl+P (circulation, sync, receipt): the page uses F6 on</extracomment>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="102"/>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="102"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="102"/>
        <source>评级</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="111"/>
        <source>现场签到</source>
        <translation>At the door</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="112"/>
        <source>活动日历</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="113"/>
        <source>志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="114"/>
        <source>统计</source>
        <translation>Figures</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="159"/>
        <source>活动场次</source>
        <translation>Activities held</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="160"/>
        <source>参与人次</source>
        <translation>Participants</translation>
    </message>
</context>
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
        <translation>Answers saved: {n}.</translation>
    </message>
</context>
<context>
    <name>CirculationPage</name>
    <message>
        <location filename="../../ui/circulation.py" line="119"/>
        <source>借出 (F2)</source>
        <translation>Check out (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="120"/>
        <source>还书 (F3)</source>
        <translation>Return (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="136"/>
        <source>查找读者 (Ctrl+F)</source>
        <translation>Find reader (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="150"/>
        <source>越权办理… (F8)</source>
        <translation>Override… (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="160"/>
        <source>重试 (F6)</source>
        <translation>Retry (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="169"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="185"/>
        <source>欠费</source>
        <translation>Fees owed</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="199"/>
        <location filename="../../ui/circulation.py" line="498"/>
        <source>请扫描读者证，或按 Ctrl+F 查找读者。</source>
        <translation>Scan a reader card, or press Ctrl+F to find a reader.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="203"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="204"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="205"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="206"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="207"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="208"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="219"/>
        <source>在借图书</source>
        <translation>Items on loan</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="222"/>
        <location filename="../../ui/circulation.py" line="245"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="223"/>
        <location filename="../../ui/circulation.py" line="246"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="224"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="225"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="226"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="227"/>
        <source>续借</source>
        <translation>Renewals</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="228"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="242"/>
        <source>本次归还</source>
        <translation>Returned now</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="247"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="248"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="249"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="250"/>
        <source>去向</source>
        <translation>Goes to</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="260"/>
        <source>续借所选 (F4)</source>
        <translation>Renew selected (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="262"/>
        <source>打印凭条 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="264"/>
        <source>凭条存为 PDF (Ctrl+Shift+P)</source>
        <translation>Receipt as PDF (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="266"/>
        <source>结束本次 (Esc)</source>
        <translation>Done with reader (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="268"/>
        <source>收费 (F9)</source>
        <translation>Fees (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="270"/>
        <source>借阅历史 (F11)</source>
        <translation>Loan history (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="272"/>
        <source>补打上一张 (Ctrl+Shift+R)</source>
        <translation>Reprint last (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="274"/>
        <source>打印转运单 (Ctrl+T)</source>
        <translation>Transit slip (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="347"/>
        <source>借出</source>
        <translation>Check out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="348"/>
        <source>扫描读者证，再逐本扫描图书条码</source>
        <translation>Scan the reader card, then each item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="361"/>
        <source>还书</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="362"/>
        <source>逐本扫描归还图书的条码</source>
        <translation>Scan the barcode of each returned item</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="393"/>
        <source>现在是还书模式，无需扫描读者证。要借书请按 F2。</source>
        <translation>This is return mode: no card needed. Press F2 to check out.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="401"/>
        <source>请先扫描读者证，再扫描图书。</source>
        <translation>Scan the reader&apos;s card first, then the items.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="410"/>
        <source>正在读取读者 {card}…</source>
        <translation>Reading reader {card}…</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="433"/>
        <source>该读者证已停用：{reason}。不能借书，可以还书。</source>
        <translation>This card is blocked: {reason}. No borrowing; returns are fine.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="459"/>
        <location filename="../../ui/circulation.py" line="510"/>
        <location filename="../../ui/circulation.py" line="575"/>
        <source>%n 册</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="461"/>
        <source>{sum} 元</source>
        <translation>{sum} yuan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="466"/>
        <source>有 %n 册预约图书待取</source>
        <translation>
            <numerusform>%n hold waiting to be collected</numerusform>
            <numerusform>%n holds waiting to be collected</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="475"/>
        <source>• 给读者的留言（请告知读者）：{text}</source>
        <translation>• Message for the reader (tell them): {text}</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="477"/>
        <source>• 工作备注（仅供馆员）：{text}</source>
        <translation>• Staff note (staff only): {text}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="479"/>
        <source>• 有 %n 册逾期：请提醒读者尽快归还。</source>
        <translation>
            <numerusform>• %n item overdue: ask the reader to return it soon.</numerusform>
            <numerusform>• %n items overdue: ask the reader to return them soon.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="959"/>
        <source>已收现金 {paid} 元，减免 %n 笔。按 Ctrl+P 打印收据。</source>
        <translation>
            <numerusform>{paid} yuan cash collected, %n fee waived. Press Ctrl+P to print the receipt.</numerusform>
            <numerusform>{paid} yuan cash collected, %n fees waived. Press Ctrl+P to print the receipt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="481"/>
        <source>• 欠费 {sum} 元：按 F9 收费。</source>
        <translation>• Owes {sum} yuan: press F9 to collect.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="483"/>
        <source>• 读者证将于 {date} 到期：请提醒读者续证。</source>
        <translation>• The card expires on {date}: remind the reader to renew it.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="485"/>
        <source>• 读者证已于 {date} 过期：请先续证。</source>
        <translation>• The card expired on {date}: renew it first.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="487"/>
        <source>• 读者证已停用：{reason}</source>
        <translation>• The card is blocked: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="505"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="505"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="508"/>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="521"/>
        <source>逾期 %n 天</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="550"/>
        <source>{barcode} 已借给这位读者（应还 {due}）。要续借请按 F4。</source>
        <translation>{barcode} is already on loan to this reader (due {due}). Press F4 to renew it.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="779"/>
        <source>已保留 %n 次扫描，未丢失。腾出磁盘空间后按“重试 (F6)”继续办理。</source>
        <translation>
            <numerusform>%n scan kept, none lost. Free some disk space, then press Retry (F6) to finish it.</numerusform>
            <numerusform>%n scans kept, none lost. Free some disk space, then press Retry (F6) to finish them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/circulation.py" line="853"/>
        <source>逾期 %n 天，滞纳金 {fee:.2f} 元。</source>
        <translation>
            <numerusform>%n day late, fee {fee:.2f} CNY.</numerusform>
            <numerusform>%n days late, fee {fee:.2f} CNY.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="870"/>
        <source>已归还《{title}》。请送往：{name}（{code}），按 Ctrl+T 打印转运单</source>
        <translation>Returned &quot;{title}&quot;. Send it to: {name} ({code}); Ctrl+T prints the transit slip</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="512"/>
        <source>停用：{reason}</source>
        <translation>Blocked: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="515"/>
        <source>读者证已过期，请先续证</source>
        <translation>Card expired: renew the card first</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="519"/>
        <source>本次借出</source>
        <translation>Just checked out</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="540"/>
        <source>重复扫描：{barcode} 刚刚已借给这位读者，无需再扫。</source>
        <translation>Duplicate scan: {barcode} was just lent to this reader; no need to scan it again.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="577"/>
        <source>已借出《{title}》，应还日期 {due}。</source>
        <translation>Checked out &quot;{title}&quot;, due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="606"/>
        <source>如确需办理，请按 F8 填写原因后越权办理。</source>
        <translation>If it must go out, press F8 and give a reason to override.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="608"/>
        <source>（可由{roles}越权办理）</source>
        <translation>(an override needs: {roles})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="620"/>
        <source>这类图书不允许续借。</source>
        <translation>Items of this type cannot be renewed.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="627"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="628"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="629"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="634"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="641"/>
        <source>没有可越权办理的拒绝：F8 未执行任何操作。</source>
        <translation>No refusal to override: F8 did nothing.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="648"/>
        <source>{barcode}：您的角色（{role}）不能越权办理，未执行任何操作。请由{roles}登录后按 F8 办理。</source>
        <translation>{barcode}: your role ({role}) may not override this, so nothing was done. Ask a {roles} to sign in and press F8.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="659"/>
        <source>越权办理</source>
        <translation>Override</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="660"/>
        <source>系统拒绝的原因：{why}
越权办理将记录您的工号和原因，并同步到区馆。</source>
        <translation>Refused because: {why}
The override records your staff code and reason, and is synced to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="663"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="682"/>
        <source>请先扫描读者证，再选择要续借的图书。</source>
        <translation>Scan the reader&apos;s card first, then select the items to renew.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="686"/>
        <source>请在在借列表中选择要续借的图书。</source>
        <translation>Select the items to renew in the loan list.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="715"/>
        <source>已续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="720"/>
        <source>已续借《{title}》，新的应还日期 {due}。</source>
        <translation>Renewed &quot;{title}&quot;, now due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="729"/>
        <source>重复扫描：{barcode} 刚刚已归还。</source>
        <translation>Duplicate scan: {barcode} was just returned.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="756"/>
        <source>{barcode} 已在待重试的扫描中，无需再扫；腾出空间后按“重试”。</source>
        <translation>{barcode} is already kept for retry; no need to scan it again. Free some space, then press Retry.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="772"/>
        <source>{barcode}：未办理，已保留待重试（见上方提示）</source>
        <translation>{barcode}: not done, kept for retry (see the notice above)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="814"/>
        <source>已为读者 {card} 补办借出《{title}》，应还日期 {due}。</source>
        <translation>Lent &apos;{title}&apos; to reader {card} on retry; due {due}.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="834"/>
        <source>送往 {name}（{code}）</source>
        <translation>To {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="836"/>
        <source>本馆上架</source>
        <translation>Reshelve here</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="878"/>
        <source>已归还《{title}》，请放回本馆书架。</source>
        <translation>Returned &quot;{title}&quot;. Put it back on the shelf here.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="886"/>
        <source>待分拣（同步后确定去向）</source>
        <translation>Set aside (destination after sync)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="888"/>
        <location filename="../../ui/circulation.py" line="892"/>
        <source>（本点无记录）</source>
        <translation>(no record here)</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="904"/>
        <source>{barcode}：本点没有这本书的记录，已作为通借通还收下。请放在待分拣处，按 Ctrl+T 打印转运单夹在书中；同步后会告知送往哪里。</source>
        <translation>{barcode}: no record of this item here; taken back as a return anywhere. Set it aside, put a slip in it (Ctrl+T); the sync will say where it goes.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="939"/>
        <source>请先扫描读者证，再收费。</source>
        <translation>Scan the reader&apos;s card first, then collect fees.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="946"/>
        <source>这位读者没有未缴费用。</source>
        <translation>This reader owes no fees.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="976"/>
        <source>请在在借列表中选择一本图书，再按 F12。</source>
        <translation>Select one loan in the table, then press F12.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="980"/>
        <source>读者丢失，赔偿书价</source>
        <translation>Lost by the reader: pays the price</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="981"/>
        <source>读者丢失，以同版图书赔偿</source>
        <translation>Lost by the reader: replaces it with the same edition</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="982"/>
        <source>读者声称已归还</source>
        <translation>The reader says it was returned</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="986"/>
        <source>丢失或声称已还</source>
        <translation>Lost or claimed returned</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="987"/>
        <source>{barcode} 如何处理？</source>
        <translation>What happened to {barcode}?</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1009"/>
        <source>{barcode} 的借阅已结束，图书记为丢失。</source>
        <translation>The loan of {barcode} is closed; the item is recorded as lost.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1011"/>
        <source>应赔偿 {sum} 元，按 F9 收费。</source>
        <translation> {sum} yuan owed: press F9 to collect.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1023"/>
        <source>请先扫描读者证。</source>
        <translation>Scan the reader&apos;s card first.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1053"/>
        <source>本次还没有借还记录，无需打印凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to print.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1057"/>
        <source>凭条已发送到打印机。</source>
        <translation>Receipt sent to the printer.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1063"/>
        <source>还没有打印过凭条，无可补打。</source>
        <translation>No receipt has been printed yet; nothing to reprint.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1067"/>
        <source>已补打上一张凭条。</source>
        <translation>The last receipt was reprinted.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1077"/>
        <source>没有需要转运的归还图书。</source>
        <translation>No returned item is waiting to travel to another point.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1080"/>
        <source>转运单已发送到打印机。</source>
        <translation>Transit slip sent to the printer.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1084"/>
        <source>本次还没有借还记录，无需保存凭条。</source>
        <translation>Nothing checked out or returned yet; no receipt to save.</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1089"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/circulation.py" line="1098"/>
        <source>凭条已保存：{path}</source>
        <translation>Receipt saved: {path}</translation>
    </message>
</context>
<context>
    <name>Compliance</name>
    <message>
        <location filename="../../ui/compliance.py" line="51"/>
        <source>达标</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="52"/>
        <source>接近</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="53"/>
        <source>未达标</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="54"/>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="57"/>
        <source>统一标识</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="58"/>
        <source>统一服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="59"/>
        <source>统一人员配备</source>
        <translation>Staffing</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="60"/>
        <source>统一管理体系</source>
        <translation>Management</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="61"/>
        <source>统一标准</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="70"/>
        <source>总馆</source>
        <extracomment>between two characters, a line may not break there (WORD JOINER) units of whole things: a pro-rated target of these is shown as a whole number</extracomment>
        <translation>District library</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="71"/>
        <source>街道分馆</source>
        <translation>Street branch</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="72"/>
        <source>社区服务点</source>
        <translation>Community point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="73"/>
        <source>社会合作点</source>
        <translation>Partner point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="134"/>
        <source>流通次数</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="135"/>
        <source>到馆人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="137"/>
        <source>新增藏量</source>
        <translation>New acquisitions</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="151"/>
        <location filename="../../ui/compliance.py" line="198"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="170"/>
        <source>周开放时长（小时）</source>
        <translation>Weekly opening hours</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="173"/>
        <source>在岗达标率（%）</source>
        <translation>Staffing met (%)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="185"/>
        <source>目标 {h} 小时</source>
        <translation>Target {h} h</translation>
    </message>
</context>
<context>
    <name>CompliancePage</name>
    <message>
        <location filename="../../ui/compliance.py" line="337"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="339"/>
        <source>本月必备服务确认… (Ctrl+K)</source>
        <translation>Required services… (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="347"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="352"/>
        <source>本服务点对照区馆考核指标</source>
        <translation>This point against the district&apos;s targets</translation>
    </message>
</context>
<context>
    <name>ComplianceView</name>
    <message>
        <location filename="../../ui/compliance.py" line="226"/>
        <source>统一</source>
        <translation>Unification</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="227"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="228"/>
        <source>实际</source>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="229"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="230"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="232"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="243"/>
        <source>流通、到馆、新增（按月）</source>
        <translation>Use by month</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="244"/>
        <source>开放时长与在岗（按月）</source>
        <translation>Hours and staffing</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="272"/>
        <source>总体：</source>
        <translation>Overall: </translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="277"/>
        <source>未登记</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="231"/>
        <source>统计期</source>
        <translation>Period counted</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="280"/>
        <source>{name}（{code}）· 统计期 {period} · 服务人口 {pop} · 标准包 v{v}。全年目标按统计期的天数折算；开放时长只计已结束的日子，藏书量为当前存量。</source>
        <translation>{name} ({code}) · period {period} · served population {pop} · standards v{v}. Annual targets are pro-rated to the days of the period; opening hours count finished days only; holdings are today&apos;s stock.</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="298"/>
        <source>{goal}（全年 {annual}）</source>
        <translation>{goal} (year: {annual})</translation>
    </message>
</context>
<context>
    <name>DistrictCompliance</name>
    <message>
        <location filename="../../ui/compliance.py" line="397"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="397"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="397"/>
        <source>标准包</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="398"/>
        <source>总体</source>
        <translation>Overall</translation>
    </message>
    <message>
        <location filename="../../ui/compliance.py" line="418"/>
        <source>{year} 年，截至 {as_of}；区馆现行标准包 v{v}；{n} 个服务点，其中 {red} 个未达标。选中一行查看该点的指标和逐月趋势。</source>
        <translation>{year} to {as_of}; district standards v{v}; {n} points, {red} not met. Select a row for that point&apos;s figures and monthly trend.</translation>
    </message>
</context>
<context>
    <name>DoorPanel</name>
    <message>
        <location filename="../../ui/activities.py" line="194"/>
        <source>扫描读者证，回车</source>
        <translation>Scan the reader&apos;s card, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="200"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="200"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="200"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="212"/>
        <source>打印签到表 (F10)</source>
        <translation>Print sign-in sheet (F10)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="213"/>
        <source>结束活动 (Ctrl+Enter)</source>
        <translation>Close activity (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="250"/>
        <source>今天本馆没有待签到的活动。</source>
        <translation>No activity of this point to check in today.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="281"/>
        <source>报名 {reg} · 持证到场 {cards} · 无证 {walk} · 合计 {total}{cap}</source>
        <translation>Registered {reg} · cards at the door {cards} · without a card {walk} · total {total}{cap}</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="304"/>
        <source>{name}（{card}）已签到，现场 {n} 人。</source>
        <translation>{name} ({card}) checked in; {n} present.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="325"/>
        <source>无证入场 +1，现场 {n} 人。</source>
        <translation>Walk-in +1; {n} present.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="332"/>
        <source>结束活动</source>
        <translation>Close activity</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="333"/>
        <source>《{title}》结束：到场人数定稿并报送中心。请写一句活动小结。</source>
        <translation>Close &apos;{title}&apos;: the attendance is final and goes to the hub. Write a one-line report.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="336"/>
        <source>活动小结</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="352"/>
        <source>活动已结束：共 {n} 人参加。</source>
        <translation>Activity closed: {n} people took part.</translation>
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
    <name>FeesDialog</name>
    <message>
        <location filename="../../ui/fees.py" line="34"/>
        <source>收费 — 读者 {card}</source>
        <translation>Fees — reader {card}</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="40"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="41"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="42"/>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="43"/>
        <source>产生时间</source>
        <translation>Raised</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="44"/>
        <source>产生地点</source>
        <translation>Raised at</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="52"/>
        <source>收取所选现金 (Enter)</source>
        <translation>Collect selected in cash (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="55"/>
        <source>减免当前一笔… (F7)</source>
        <translation>Waive this one… (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="59"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/fees.py" line="87"/>
        <source>未缴费用 %n 笔，合计 {sum} 元</source>
        <translation>
            <numerusform>%n unpaid fee, {sum} yuan in all</numerusform>
            <numerusform>%n unpaid fees, {sum} yuan in all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/fees.py" line="109"/>
        <source>{staff} 今日在本点收取现金 {sum} 元（%n 笔）</source>
        <translation>
            <numerusform>{staff} took {sum} yuan cash here today (%n payment)</numerusform>
            <numerusform>{staff} took {sum} yuan cash here today (%n payments)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="121"/>
        <source>请选择要收取的费用。</source>
        <translation>Select the fees to collect.</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="143"/>
        <source>减免费用</source>
        <translation>Waive a fee</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="145"/>
        <source>减免 {barcode}《{title}》的 {sum} 元。将记录您的工号和原因，并同步到区馆。</source>
        <translation>Waive {sum} yuan for {barcode} &quot;{title}&quot;. Your staff code and the reason are recorded and synced to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="147"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="163"/>
        <source>已减免 {sum} 元：{why}</source>
        <translation>{sum} yuan waived: {why}</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/fees.py" line="172"/>
        <source>借阅历史</source>
        <translation>Loan history</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="175"/>
        <source>只显示 {days} 天内归还的记录（标准包的保留期限），共 {n} 条。</source>
        <translation>Returns within the last {days} days only (the package&apos;s retention limit): {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="181"/>
        <source>归还时间</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="182"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="183"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="184"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="185"/>
        <source>滞纳金（元）</source>
        <translation>Fee (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/fees.py" line="196"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
</context>
<context>
    <name>HoldingsPage</name>
    <message>
        <location filename="../../ui/holdings.py" line="47"/>
        <location filename="../../ui/holdings.py" line="220"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="48"/>
        <source>借出</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="49"/>
        <source>在途</source>
        <translation>In transit</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="50"/>
        <source>丢失</source>
        <translation>Lost</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="51"/>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="52"/>
        <source>已剔除</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="192"/>
        <source>题名、责任者、拼音、ISBN、分类号、索书号或条码；回车查本馆，Ctrl+回车联网查全区</source>
        <translation>Title, author, pinyin, ISBN, CLC, call number or barcode; Enter searches here, Ctrl+Enter the district</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="199"/>
        <source>取消查找</source>
        <translation>Cancel search</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="202"/>
        <source>联网查全区 (Ctrl+Enter)</source>
        <translation>Search district (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="209"/>
        <source>扫描图书条码查看单册</source>
        <translation>Scan an item barcode to see the copy</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="214"/>
        <location filename="../../ui/holdings.py" line="427"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="215"/>
        <location filename="../../ui/holdings.py" line="428"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="216"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="217"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="218"/>
        <location filename="../../ui/holdings.py" line="430"/>
        <source>分类号</source>
        <translation>CLC</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="219"/>
        <source>本馆复本</source>
        <translation>Copies here</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="235"/>
        <source>新增书目 (Ctrl+N)</source>
        <translation>New title (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="236"/>
        <source>为所选书目新增复本 (Ctrl+I)</source>
        <translation>Add copies to selected title (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="241"/>
        <source>导入 MARC… (Ctrl+M)</source>
        <translation>Import MARC… (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="245"/>
        <source>书目</source>
        <translation>Titles</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="249"/>
        <source>单册</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="263"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="263"/>
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="263"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="263"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="270"/>
        <source>单册历史</source>
        <translation>Item history</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="327"/>
        <source>正在查找…（Esc 取消）</source>
        <translation>Searching… (Esc cancels)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="335"/>
        <source>已取消联网查找。</source>
        <translation>Online search cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="338"/>
        <source>已取消查找。</source>
        <translation>Search cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="364"/>
        <source>找到 {n} 种书目</source>
        <translation>Titles found: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="417"/>
        <source>联网结果 — 区中心全区馆藏（非本馆数据）</source>
        <translation>Online results — district holdings from the hub (not this point&apos;s data)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="420"/>
        <source>按 Ctrl+Enter 在全区联合目录中查找；结果来自区中心，不保存到本机。</source>
        <translation>Press Ctrl+Enter to search the district union catalogue; results come from the hub and are not stored here.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="431"/>
        <source>全区复本</source>
        <translation>District copies</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="432"/>
        <source>全区在架</source>
        <translation>On shelf in district</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="255"/>
        <location filename="../../ui/holdings.py" line="440"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="441"/>
        <source>所在服务点</source>
        <translation>At point</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="255"/>
        <location filename="../../ui/holdings.py" line="442"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="443"/>
        <source>所属服务点</source>
        <translation>Owned by</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="255"/>
        <location filename="../../ui/holdings.py" line="444"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="471"/>
        <source>正在联网查找“{q}”…</source>
        <translation>Searching the district for &quot;{q}&quot;…</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="488"/>
        <source>联网查找未完成。</source>
        <translation>Online search did not finish.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="503"/>
        <source>联网结果：“{q}” 在全区 {points} 个服务点找到 {n} 种书目（区中心数据）</source>
        <translation>Online results for &quot;{q}&quot; (hub data): titles {n}, at district points: {points}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="394"/>
        <location filename="../../ui/holdings.py" line="395"/>
        <location filename="../../ui/holdings.py" line="526"/>
        <location filename="../../ui/holdings.py" line="532"/>
        <source>本馆</source>
        <translation>Here</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="527"/>
        <source>可借</source>
        <translation>Available</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="569"/>
        <source>条码：{v}</source>
        <translation>Barcode: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="570"/>
        <source>索书号：{v}</source>
        <translation>Call number: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="571"/>
        <source>资料类型：{v}</source>
        <translation>Material: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="572"/>
        <source>状态：{v}</source>
        <translation>Status: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="573"/>
        <source>所属服务点：{v}</source>
        <translation>Owned by: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="574"/>
        <source>当前所在：{v}</source>
        <translation>Now at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="575"/>
        <source>责任者：{v}</source>
        <translation>Author: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="577"/>
        <source>分类号：{v}</source>
        <translation>CLC: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="580"/>
        <source>价格：{v:.2f} 元</source>
        <translation>Price: {v:.2f} CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="585"/>
        <source>借出</source>
        <comment>history</comment>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="586"/>
        <source>归还</source>
        <comment>history</comment>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="587"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="588"/>
        <source>配送发出</source>
        <translation>Shipped</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="589"/>
        <source>配送收到</source>
        <translation>Received (shipment)</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="590"/>
        <source>配送缺失</source>
        <translation>Missing from shipment</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="591"/>
        <source>配送多出</source>
        <translation>Extra in shipment</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="617"/>
        <source>应还 {due}，续借 {n} 次</source>
        <translation>due {due}, renewals so far: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="620"/>
        <source>特批：{reason}</source>
        <translation>override: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="622"/>
        <source>滞纳金 {v:.2f} 元</source>
        <translation>fee {v:.2f} CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="627"/>
        <source>配送单 {ref}</source>
        <translation>shipment {ref}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="629"/>
        <source>破损：{note}</source>
        <translation>damaged: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="630"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="656"/>
        <source>已新增书目《{title}》。</source>
        <translation>Title &quot;{title}&quot; added.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="662"/>
        <source>只有馆员或管理员可以导入书目。</source>
        <translation>Only a librarian or admin can import titles.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="670"/>
        <source>MARC 导入：新增 {a} 种，更新 {b} 种，跳过 {c} 条，新增 {d} 册。</source>
        <translation>MARC import: {a} titles added, {b} updated, {c} records skipped, {d} items added.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="679"/>
        <source>请先在列表中选择书目。</source>
        <translation>Select a title in the list first.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="686"/>
        <source>已为《{title}》新增 {n} 册。</source>
        <translation>Added {n} copies of &quot;{title}&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="251"/>
        <source>复本与单册详情</source>
        <translation>Copies and copy details</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="253"/>
        <source>所选书目的复本</source>
        <translation>Copies of the selected title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="255"/>
        <source>所在</source>
        <translation>At</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="255"/>
        <source>所属</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="406"/>
        <source>《{title}》的复本：{n} 册</source>
        <translation>Copies of “{title}”: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="286"/>
        <source>预约所选 (Ctrl+H)</source>
        <translation>Place hold on selected (Ctrl+H)</translation>
    </message>
</context>
<context>
    <name>HoldsPage</name>
    <message>
        <location filename="../../ui/holds.py" line="47"/>
        <source>等待中</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="48"/>
        <source>已留书，在途</source>
        <translation>set aside, on its way</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="49"/>
        <source>在预约架</source>
        <translation>on the hold shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="50"/>
        <source>已借出</source>
        <translation>filled</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="51"/>
        <source>已取消</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="52"/>
        <source>已失效</source>
        <translation>lapsed</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="53"/>
        <source>逾期未取</source>
        <translation>not collected</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="54"/>
        <source>未被受理</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="58"/>
        <source>（待中心确认）</source>
        <translation> (provisional: not confirmed by the hub yet)</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="59"/>
        <source>预约书：放预约架。{barcode} {call} 读者 {who}，保留至 {day}</source>
        <translation>Held copy: put it on the hold shelf. {barcode} {call} for {who}, until {day}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="62"/>
        <source>预约书：送往 {name}（{code}）。{barcode} {call} 读者 {who}</source>
        <translation>Held copy: send to {name} ({code}). {barcode} {call} for {who}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="65"/>
        <source>该读者有 {n} 册预约书待取：{where}</source>
        <translation>This reader has {n} held copies to collect: {where}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="66"/>
        <source>预约图书已到：可在 {where} 取书</source>
        <translation>A held copy is ready: collect it at {where}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="68"/>
        <source>{name}（{code}）</source>
        <extracomment>one pickup point in that sentence, and what joins two (the punctuation is the language&apos;s)</extracomment>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="69"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="117"/>
        <source>预约书条</source>
        <translation>Hold slip</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="118"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="119"/>
        <source>放预约架</source>
        <translation>To the hold shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="122"/>
        <source>预约到书待通知读者（{n} 人）</source>
        <translation>Readers to call for their holds ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="123"/>
        <source>预约架上没有待取的书。</source>
        <translation>Nothing waits on the hold shelf.</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="270"/>
        <source>扫描取书单上的图书条码，回车</source>
        <translation>Scan a copy from the pull list, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="273"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="273"/>
        <location filename="../../ui/holds.py" line="302"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="273"/>
        <location filename="../../ui/holds.py" line="302"/>
        <location filename="../../ui/holds.py" line="324"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="273"/>
        <location filename="../../ui/holds.py" line="324"/>
        <source>取书点</source>
        <translation>Pickup point</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="274"/>
        <location filename="../../ui/holds.py" line="324"/>
        <source>预约</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="277"/>
        <source>装入配送单 (F8)</source>
        <translation>Pack into a box (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="280"/>
        <source>架上找不到所选 (F7)</source>
        <translation>Selected not on the shelf (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="282"/>
        <source>打印预约书条 (Ctrl+P)</source>
        <translation>Print hold slip (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="299"/>
        <source>扫描到馆的预约书条码，回车：放上预约架</source>
        <translation>Scan an arrived held copy, Enter: onto the hold shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="121"/>
        <location filename="../../ui/holds.py" line="302"/>
        <source>保留至</source>
        <translation>Held until</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="120"/>
        <location filename="../../ui/holds.py" line="302"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="303"/>
        <location filename="../../ui/holds.py" line="324"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="303"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="306"/>
        <source>处理过期预约</source>
        <translation>Release expired holds</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="308"/>
        <source>打印待通知名单</source>
        <translation>Print the call list</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="310"/>
        <source>导出取书单和待通知名单…</source>
        <translation>Export pull list and call list…</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="325"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="325"/>
        <source>预约时间</source>
        <translation>Placed</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="328"/>
        <source>新预约… (Ctrl+H)</source>
        <translation>New hold… (Ctrl+H)</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="330"/>
        <source>取消所选预约</source>
        <translation>Cancel selected hold</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="341"/>
        <source>取书单</source>
        <translation>Pull list</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="342"/>
        <source>预约架</source>
        <translation>Hold shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="343"/>
        <source>全部预约</source>
        <translation>All holds</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="411"/>
        <source>按 F8 装入发往 {code} 的配送单。</source>
        <translation>Press F8 to pack it into the box to {code}.</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="429"/>
        <source>已装入配送单 {ref}（发往 {code}），共 {n} 册；请在配送页发出。</source>
        <translation>Packed into box {ref} (to {code}), {n} copies; dispatch it on the Shipments page.</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="470"/>
        <source>已处理过期预约 {n} 条。</source>
        <translation>{n} expired holds released.</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="498"/>
        <source>还没有扫描预约书，没有预约书条可打印。</source>
        <translation>No held copy scanned yet: no hold slip to print.</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="504"/>
        <source>预约书条已打印：{barcode}</source>
        <translation>Hold slip printed: {barcode}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="515"/>
        <source>待通知名单已打印：{n} 人</source>
        <translation>Call list printed: {n} readers</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="524"/>
        <source>导出取书单和待通知名单</source>
        <translation>Export pull list and call list</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="533"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="546"/>
        <source>已预约《{title}》，取书点 {code}。{state}</source>
        <translation>Hold placed on &apos;{title}&apos;, pickup at {code}. {state}</translation>
    </message>
</context>
<context>
    <name>InventoryPage</name>
    <message>
        <location filename="../../ui/inventory.py" line="40"/>
        <source>在架</source>
        <translation>On the shelf</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="41"/>
        <source>错架</source>
        <translation>Misplaced</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="42"/>
        <source>异常</source>
        <translation>Unexpected</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="45"/>
        <source>位置正确</source>
        <translation>in its place</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="46"/>
        <source>属于其他服务点</source>
        <translation>belongs to another point</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="47"/>
        <source>不在本次盘点的架位范围</source>
        <translation>outside this inventory&apos;s shelf range</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="48"/>
        <source>本馆没有此条码</source>
        <translation>barcode not known here</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="49"/>
        <source>记录为借出</source>
        <translation>recorded as on loan</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="50"/>
        <source>记录在其他服务点</source>
        <translation>recorded at another point</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="51"/>
        <source>应在架，未扫到</source>
        <translation>should be on the shelf, not scanned</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="52"/>
        <source>记录为丢失</source>
        <translation>recorded as lost</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="53"/>
        <source>记录为在途</source>
        <translation>recorded as in transit</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="54"/>
        <source>记录为破损</source>
        <translation>recorded as damaged</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="55"/>
        <source>记录为已剔除</source>
        <translation>recorded as withdrawn</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="79"/>
        <source>起始索书号或分类，如 I2</source>
        <translation>First call number or class, e.g. I2</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="82"/>
        <source>终止索书号或分类，如 I3；都空 = 全部馆藏</source>
        <translation>Last call number or class, e.g. I3; both empty = whole collection</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="84"/>
        <source>开始盘点</source>
        <translation>Start inventory</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="90"/>
        <source>架位从</source>
        <translation>Shelf from</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="92"/>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="96"/>
        <source>继续未完成的盘点</source>
        <translation>Resume an open inventory</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="99"/>
        <source>输入架位范围后开始盘点，或继续一次未完成的盘点。</source>
        <translation>Enter a shelf range and start, or resume an open inventory.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="104"/>
        <source>逐册扫描架上图书条码，回车</source>
        <translation>Scan each copy on the shelf, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="112"/>
        <location filename="../../ui/inventory.py" line="131"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="113"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="114"/>
        <location filename="../../ui/inventory.py" line="134"/>
        <source>说明</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="115"/>
        <location filename="../../ui/inventory.py" line="132"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="116"/>
        <location filename="../../ui/inventory.py" line="133"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="135"/>
        <source>所属</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="142"/>
        <source>缺失图书标记为丢失…</source>
        <translation>Declare missing copies lost…</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="144"/>
        <source>他馆图书建立调拨回馆</source>
        <translation>Send other points&apos; copies home</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="146"/>
        <source>导出报告…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="153"/>
        <source>差异报告</source>
        <translation>Discrepancy report</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="160"/>
        <source>结束盘点，生成报告 (Ctrl+Enter)</source>
        <translation>Finish and report (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="196"/>
        <source>{range}，已扫 {n} 册</source>
        <translation>{range}, scanned: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="202"/>
        <source>全部馆藏</source>
        <translation>whole collection</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="239"/>
        <source>正在盘点：{range}</source>
        <translation>Inventory in progress: {range}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="259"/>
        <source>{barcode} 已扫过，不重复计数。</source>
        <translation>{barcode} was already scanned; counted once.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="266"/>
        <source>{barcode}《{title}》在架</source>
        <translation>{barcode} “{title}” on the shelf</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="271"/>
        <source>{verdict}：{barcode} {why}，请取出另放</source>
        <translation>{verdict}: {barcode} {why}; take it off this shelf</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="289"/>
        <source>已扫 {n} · 在架 {found} · 错架 {misplaced} · 异常 {unexpected}</source>
        <translation>Scanned {n} · on the shelf {found} · misplaced {misplaced} · unexpected {unexpected}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="305"/>
        <source>结束盘点</source>
        <translation>Finish inventory</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="306"/>
        <source>结束后不能再扫描本次盘点。已扫 {n} 册，现在结束并生成差异报告吗？</source>
        <translation>No more scans can be added once it is finished. Scanned: {n}. Finish now and make the discrepancy report?</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="329"/>
        <source>盘点已结束：{range}</source>
        <translation>Inventory finished: {range}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="332"/>
        <source>应在架 {expected} 册：找到 {found}，缺失 {missing}；另有错架 {misplaced}，异常 {unexpected}。</source>
        <translation>Expected on the shelf: {expected}; found {found}, missing {missing}; also misplaced {misplaced}, unexpected {unexpected}.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="343"/>
        <source>缺失 {n}</source>
        <translation>Missing: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="344"/>
        <source>错架 {n}</source>
        <translation>Misplaced: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="345"/>
        <source>异常 {n}</source>
        <translation>Unexpected: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="358"/>
        <source>本馆</source>
        <translation>this point</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="376"/>
        <source>只有馆员或管理员可以确认盘点处理。</source>
        <translation>Only a librarian or an admin can confirm inventory actions.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="387"/>
        <source>标记为丢失</source>
        <translation>Declare lost</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="388"/>
        <source>将 {n} 册缺失图书标记为丢失？此操作会同步到区馆。</source>
        <translation>Declare the missing copies lost ({n})? This is synced to the district.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="398"/>
        <source>已标记丢失 {n} 册。</source>
        <translation>Copies declared lost: {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="413"/>
        <source>已为 {n} 册他馆图书建立调拨，可在“配送”页装箱。</source>
        <translation>Transfers created for other points&apos; copies: {n}; pack them on the Shipments page.</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="432"/>
        <source>导出盘点报告</source>
        <translation>Export inventory report</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="434"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/inventory.py" line="441"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
</context>
<context>
    <name>ItemForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="119"/>
        <source>新增复本 — {title}</source>
        <translation>Add copies — {title}</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="129"/>
        <source> 元</source>
        <translation> CNY</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="132"/>
        <source>逐个扫描新条码，回车添加</source>
        <translation>Scan each new barcode label; Enter adds it</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="135"/>
        <location filename="../../ui/holdings.py" line="139"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="136"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="137"/>
        <source>价格</source>
        <translation>Price</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="138"/>
        <location filename="../../ui/holdings.py" line="139"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="139"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="142"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="170"/>
        <source>在架</source>
        <translation>On shelf</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="171"/>
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
        <location filename="../../ui/main_window.py" line="74"/>
        <source>{district}·{point} — 借还服务台</source>
        <extracomment>warn when the data folder&apos;s disk has less than this many MB free (QSettings ``low_disk_mb``): a day of lending needs well under 1 MB, backups and the WAL need room to breathe</extracomment>
        <translation>{district} · {point} — Circulation desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>换班请按 Ctrl+L</source>
        <translation>Shift change: Ctrl+L</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>借还</source>
        <translation>Circulation</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>读者</source>
        <translation>Readers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121"/>
        <source>馆藏</source>
        <translation>Holdings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>配送</source>
        <translation>Shipments</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>合规</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>标准</source>
        <translation>Standards</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>活动</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220"/>
        <source>服务台已锁定，请接班人员登录。</source>
        <translation>The desk is locked. The next staff member, please sign in.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223"/>
        <source>登录（Ctrl+L）</source>
        <translation>Sign in (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>已锁定：待接班人员登录</source>
        <translation>Locked: waiting for the next staff member</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="256"/>
        <source>借出模式</source>
        <translation>Check-out mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>还书模式</source>
        <translation>Return mode</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="258"/>
        <source>续借所选</source>
        <translation>Renew selected</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="259"/>
        <source>打印凭条</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="260"/>
        <source>凭条存为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="261"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="264"/>
        <source>换班（切换工作人员）</source>
        <translation>Shift change (switch staff)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="266"/>
        <source>上岗 / 离岗</source>
        <translation>Sign on / off</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="267"/>
        <source>导入 MARC 书目</source>
        <translation>Import MARC records</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>前台</source>
        <translation>front desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>馆员</source>
        <translation>librarian</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>管理员</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="305"/>
        <source>当班：{name}（{code}，{role}）</source>
        <translation>On duty: {name} ({code}, {role})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>处理中…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>○ 离线（未登记中心）</source>
        <translation>○ Offline (not enrolled)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="347"/>
        <source>待同步 {n} 条（最早 {age}）</source>
        <translation>{n} waiting to sync (oldest {age})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="352"/>
        <source>待同步 0 条</source>
        <translation>Nothing waiting</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="354"/>
        <source>上次同步：{age}</source>
        <translation>Last sync: {age}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="356"/>
        <source>上次同步：从未</source>
        <translation>Last sync: never</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="360"/>
        <source>⚠ 本机时钟偏差 {m} 分钟，请校准</source>
        <translation>⚠ Clock off by {m} min: set the time</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366"/>
        <source>标准 v{v}</source>
        <translation>Standards v{v}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="383"/>
        <source>⚠ 磁盘已满</source>
        <translation>⚠ Disk full</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384"/>
        <source>⚠ 磁盘已满：借还无法记录，请立即腾出空间</source>
        <translation>⚠ Disk full: loans and returns cannot be recorded. Free space now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386"/>
        <source>⚠ 磁盘仅剩 {mb} MB</source>
        <translation>⚠ Disk: {mb} MB left</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="387"/>
        <source>⚠ 磁盘空间不足：仅剩 {mb} MB，请尽快清理</source>
        <translation>⚠ Low disk space: only {mb} MB left; free some soon</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="399"/>
        <source>同步失败：连不上中心</source>
        <translation>Sync failed: no hub</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="400"/>
        <source>同步失败：无法连接区馆中心，稍后自动重试</source>
        <translation>Sync failed: cannot reach the hub; retrying automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="403"/>
        <source>同步失败：凭证被拒</source>
        <translation>Sync failed: token refused</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="404"/>
        <source>同步失败：中心不接受本机凭证，请联系中心管理员</source>
        <translation>Sync failed: the hub does not accept this desk&apos;s token; contact the hub administrator</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>同步失败：需升级程序</source>
        <translation>Sync failed: upgrade needed</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="408"/>
        <source>同步失败：中心不接受本机版本，请升级程序</source>
        <translation>Sync failed: the hub does not accept this desk&apos;s version; upgrade the program</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="411"/>
        <source>同步失败：中心出错</source>
        <translation>Sync failed: hub error</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="412"/>
        <source>同步失败：区馆中心出错，稍后自动重试</source>
        <translation>Sync failed: the hub had an error; retrying automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="415"/>
        <source>同步失败：本机存储</source>
        <translation>Sync failed: local storage</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="416"/>
        <source>同步失败：本机数据无法写入（磁盘已满或被占用），稍后自动重试</source>
        <translation>Sync failed: this desk&apos;s data could not be written (disk full or busy); it retries automatically</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="419"/>
        <source>同步失败，稍后自动重试；详情见“同步”页</source>
        <translation>Sync failed; retrying automatically (details on the Sync page)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="419"/>
        <source>同步失败</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="431"/>
        <source>刚刚</source>
        <translation>just now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="433"/>
        <source>{n} 分钟前</source>
        <translation>{n} min ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="435"/>
        <source>{n} 小时前</source>
        <translation>{n} h ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="436"/>
        <source>{n} 天前</source>
        <translation>{n} days ago</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125"/>
        <source>盘点</source>
        <translation>Inventory</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="124"/>
        <source>预约</source>
        <translation>Holds</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>自助机</source>
        <translation>Kiosks</translation>
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
        <location filename="../../ui/marcimport.py" line="102"/>
        <source>馆藏字段：字段号，或 字段号$条码$分类号$书次号，如 852$p$h$i</source>
        <translation>Holdings field: tag, or tag$barcode$class$book no., e.g. 852$p$h$i</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="111"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="113"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="114"/>
        <source>编码</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="115"/>
        <source>馆藏字段</source>
        <translation>Holdings field</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="116"/>
        <source>资料类型</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="118"/>
        <source>开始导入</source>
        <translation>Start import</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="122"/>
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="125"/>
        <source>导出报告…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="128"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="134"/>
        <source>%v / %m 条</source>
        <translation>%v / %m records</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="141"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="142"/>
        <source>位置</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="143"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="145"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="146"/>
        <source>新增册</source>
        <translation>Items added</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="147"/>
        <source>原因 / 问题</source>
        <translation>Reason / problem</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="172"/>
        <source>选择 MARC 文件</source>
        <translation>Choose a MARC file</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="174"/>
        <source>MARC 文件 (*.iso *.mrc *.marc *.dat *.xml);;所有文件 (*)</source>
        <translation>MARC files (*.iso *.mrc *.marc *.dat *.xml);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="193"/>
        <source>识别为 {kind}，{size} KB</source>
        <translation>Detected {kind}, {size} KB</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="203"/>
        <source>只有馆员或管理员可以导入书目。</source>
        <translation>Only a librarian or admin can import titles.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="207"/>
        <source>请先选择要导入的 MARC 文件。</source>
        <translation>Choose the MARC file to import first.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="214"/>
        <source>馆藏字段应为 905 或 905$b$d$e 这样的格式（字段号$条码$分类号$书次号）。</source>
        <translation>The holdings field should look like 905 or 905$b$d$e (tag$barcode$class$book no.).</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="242"/>
        <source>正在读取文件…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="258"/>
        <source>正在取消：本批写完后停止…</source>
        <translation>Cancelling: stopping after this batch…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="276"/>
        <source>已处理 {done} / {total} 条…</source>
        <translation>{done} / {total} records done…</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="304"/>
        <source>已取消，未导入任何记录。</source>
        <translation>Cancelled; nothing imported.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="309"/>
        <source>共 {records} 条记录：新增 {imported} 种，更新 {updated} 种，未变 {unchanged} 种，跳过 {skipped} 条；新增 {items} 册，单册问题 {problems} 个。</source>
        <translation>{records} records: {imported} titles added, {updated} updated, {unchanged} unchanged, {skipped} skipped; {items} items added; item problems: {problems}.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="321"/>
        <source>导入已取消：已完成的批次已保存，再次导入同一文件即可继续。</source>
        <translation>Import cancelled: finished batches are saved; import the same file again to continue.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="322"/>
        <source>导入已取消。</source>
        <translation>Import cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="325"/>
        <source>有 {n} 条记录被跳过，原因见下表。</source>
        <translation>Records skipped: {n}; see the reasons below.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="328"/>
        <source>导入完成。</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="371"/>
        <source>导出导入报告</source>
        <translation>Export import report</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="373"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="390"/>
        <source>报告已导出：{path}</source>
        <translation>Report exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/marcimport.py" line="90"/>
        <source>按记录声明（未声明时识别，并在报告中提示）</source>
        <translation>As each record declares (detected when undeclared, with a warning in the report)</translation>
    </message>
</context>
<context>
    <name>Overdue</name>
    <message>
        <location filename="../../ui/overdue.py" line="41"/>
        <source>逾期催还通知</source>
        <translation>Overdue notice</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="43"/>
        <source>您借阅的以下图书已逾期，请尽快归还（可在区内任一服务点归还）。</source>
        <translation>The items below are overdue. Please return them soon (at any point of the district).</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="47"/>
        <source>截至今日滞纳金（元）</source>
        <translation>Fee as of today (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="49"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="50"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="51"/>
        <source>应还日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="52"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
</context>
<context>
    <name>OverdueDialog</name>
    <message>
        <location filename="../../ui/overdue.py" line="80"/>
        <source>逾期催还</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="82"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="85"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="86"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="87"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="88"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="89"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="90"/>
        <source>应还日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="91"/>
        <source>逾期天数</source>
        <translation>Days late</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="92"/>
        <source>滞纳金（元）</source>
        <translation>Fee (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="93"/>
        <source>借出地点</source>
        <translation>Lent at</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="99"/>
        <source>导出催还名单 CSV (Ctrl+E)</source>
        <translation>Export call list CSV (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="101"/>
        <source>打印催还通知 (Ctrl+P)</source>
        <translation>Print notices (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="103"/>
        <source>关闭 (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="140"/>
        <source>{items}，{readers}</source>
        <translation>{items}, {readers}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overdue.py" line="141"/>
        <source>逾期 %n 册</source>
        <translation>
            <numerusform>%n overdue item</numerusform>
            <numerusform>%n overdue items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/overdue.py" line="142"/>
        <source>涉及读者 %n 人</source>
        <translation>
            <numerusform>%n reader</numerusform>
            <numerusform>%n readers</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="149"/>
        <source>导出催还名单</source>
        <translation>Export the call list</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="159"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="176"/>
        <source>没有逾期图书，无需催还。</source>
        <translation>Nothing is overdue; no notices to send.</translation>
    </message>
    <message>
        <location filename="../../ui/overdue.py" line="181"/>
        <source>催还通知已发送到打印机。</source>
        <translation>Notices sent to the printer.</translation>
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
    <name>Periods</name>
    <message>
        <location filename="../../ui/periods.py" line="24"/>
        <location filename="../../ui/periods.py" line="58"/>
        <source>{first} 至 {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <location filename="../../ui/periods.py" line="34"/>
        <source>{year} 全年</source>
        <translation>all of {year}</translation>
    </message>
    <message>
        <location filename="../../ui/periods.py" line="37"/>
        <source>开馆 {first} 起至 {last}</source>
        <translation>from the opening on {first} to {last}</translation>
    </message>
    <message>
        <location filename="../../ui/periods.py" line="40"/>
        <source>{year} 年初至 {last}</source>
        <translation>{year}-01-01 to {last}</translation>
    </message>
    <message>
        <location filename="../../ui/periods.py" line="47"/>
        <source>截至 {day}</source>
        <translation>on {day}</translation>
    </message>
    <message>
        <location filename="../../ui/periods.py" line="53"/>
        <source>尚无完整的一天</source>
        <translation>no finished day yet</translation>
    </message>
</context>
<context>
    <name>PlaceHoldDialog</name>
    <message>
        <location filename="../../ui/holds.py" line="209"/>
        <location filename="../../ui/holds.py" line="228"/>
        <source>预约</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="215"/>
        <source>书目号、ISBN，或单册条码</source>
        <translation>Title id, ISBN, or a copy&apos;s barcode</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="220"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="221"/>
        <source>预约什么</source>
        <translation>What to hold</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="222"/>
        <source>取书点</source>
        <translation>Pickup point</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="226"/>
        <source>全区书目：《{t}》</source>
        <translation>District title: &apos;{t}&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/holds.py" line="228"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../ui/activities.py" line="427"/>
        <source>不限</source>
        <translation>no limit</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="430"/>
        <source>系列</source>
        <translation>Series</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="431"/>
        <source>活动名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="432"/>
        <source>开始时间</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="433"/>
        <source>时长（分钟）</source>
        <translation>Length (minutes)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="434"/>
        <location filename="../../ui/activities.py" line="452"/>
        <source>服务对象</source>
        <translation>Target group</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="435"/>
        <source>活动室</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="436"/>
        <source>人数上限</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="437"/>
        <source>合作单位</source>
        <translation>Partner organisation</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="438"/>
        <source>计划活动 (Ctrl+S)</source>
        <translation>Plan (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="441"/>
        <source>计划新活动</source>
        <translation>Plan a new activity</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="449"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="450"/>
        <source>服务点</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="451"/>
        <source>活动</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="453"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="454"/>
        <source>报名</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="455"/>
        <source>参加</source>
        <translation>Came</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="460"/>
        <source>取消所选活动…</source>
        <translation>Cancel the selected activity…</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="462"/>
        <source>按表单时间改期所选</source>
        <translation>Move the selected one to the form&apos;s time</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="465"/>
        <source>报名：扫描读者证，回车</source>
        <translation>Sign-up: scan the reader&apos;s card, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="469"/>
        <source>无证报名：姓名</source>
        <translation>Without a card: name</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="471"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="475"/>
        <source>按人数报名</source>
        <translation>Sign up a number of people</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="544"/>
        <source>已计划《{title}》，{when}。</source>
        <translation>&apos;{title}&apos; planned for {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="556"/>
        <source>请先在日历中选择本馆的活动。</source>
        <translation>Select an activity of this point in the calendar first.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="564"/>
        <source>《{title}》已报名 {n} 人。</source>
        <translation>&apos;{title}&apos;: {n} signed up.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="597"/>
        <source>取消活动</source>
        <translation>Cancel activity</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="597"/>
        <source>取消《{title}》？</source>
        <translation>Cancel &apos;{title}&apos;?</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="598"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ReaderForm</name>
    <message>
        <location filename="../../ui/readers.py" line="68"/>
        <source>读者登记</source>
        <translation>Register reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="68"/>
        <source>修改读者信息</source>
        <translation>Edit reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="72"/>
        <source>扫描新读者证</source>
        <translation>Scan the new card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="88"/>
        <source>监护人（未满14周岁必填）</source>
        <translation>Guardian (required under 14)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="94"/>
        <source>监护人姓名</source>
        <translation>Guardian name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="95"/>
        <source>监护人电话</source>
        <translation>Guardian phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="97"/>
        <source>读者证号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="98"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="99"/>
        <source>读者类型</source>
        <translation>Reader type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="100"/>
        <source>身份证号</source>
        <translation>Resident ID no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="102"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="103"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="106"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="82"/>
        <location filename="../../ui/readers.py" line="211"/>
        <source>18位，末位可为 X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="106"/>
        <source>保存 (Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="121"/>
        <source>备注与留言（扫证时显示）</source>
        <translation>Notes and message (shown at card scan)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="128"/>
        <source>扫证时请馆员告知读者；留空即清除</source>
        <translation>Staff tell the reader at card scan; leave empty to clear</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="130"/>
        <source>工作备注</source>
        <translation>Staff note</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="131"/>
        <source>给读者的留言</source>
        <translation>Message for the reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="219"/>
        <source>✓ 出生日期 {birth}，{age} 岁</source>
        <translation>✓ Born {birth}, age {age}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="222"/>
        <source>；未满14周岁，须登记监护人</source>
        <translation>; under 14: a guardian is required</translation>
    </message>
</context>
<context>
    <name>ReaderSearchDialog</name>
    <message>
        <location filename="../../ui/readers.py" line="275"/>
        <source>查找读者</source>
        <translation>Find reader</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="281"/>
        <source>证号、姓名或拼音（如 zhangsan / zs）</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="285"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="286"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="287"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="288"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="289"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="290"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="291"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="300"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="307"/>
        <source>找到 {n} 位读者</source>
        <translation>Readers found: {n}</translation>
    </message>
</context>
<context>
    <name>ReadersPage</name>
    <message>
        <location filename="../../ui/readers.py" line="45"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="47"/>
        <source>停用</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="334"/>
        <source>证号、姓名或拼音（如 zhangsan / zs），回车查找</source>
        <translation>Card, name or pinyin (e.g. zhangsan / zs), then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="342"/>
        <source>证号</source>
        <translation>Card no.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="343"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="344"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="345"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="346"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="347"/>
        <source>在借</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="348"/>
        <source>身份证</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="360"/>
        <source>登记新读者 (Ctrl+N)</source>
        <translation>Register (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="361"/>
        <source>修改 (Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="362"/>
        <source>停用 / 恢复 (Ctrl+B)</source>
        <translation>Block / unblock (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="363"/>
        <source>续证 (Ctrl+R)</source>
        <translation>Renew card (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="376"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="380"/>
        <source>读者详情</source>
        <translation>Reader details</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="337"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="413"/>
        <source>找到 {n} 位读者</source>
        <translation>Readers found: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="432"/>
        <source>证号：{v}</source>
        <translation>Card: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="433"/>
        <source>类型：{v}</source>
        <translation>Type: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="434"/>
        <source>身份证：{v}</source>
        <translation>ID: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="435"/>
        <source>出生日期：{v}</source>
        <translation>Born: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="436"/>
        <source>电话：{v}</source>
        <translation>Phone: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="437"/>
        <source>地址：{v}</source>
        <translation>Address: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="438"/>
        <source>有效期至：{v}</source>
        <translation>Valid until: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="439"/>
        <source>在借：{v} 册</source>
        <translation>On loan: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="440"/>
        <source>办证服务点：{v}</source>
        <translation>Registered at: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="444"/>
        <source>监护人：{n}（{p}）</source>
        <translation>Guardian: {n} ({p})</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="447"/>
        <source>工作备注：{v}</source>
        <translation>Staff note: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="451"/>
        <source>给读者的留言：{v}</source>
        <translation>Message for the reader: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="457"/>
        <source>已停用：{v}</source>
        <translation>Blocked: {v}</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="487"/>
        <source>已登记读者 {name}，证号 {card}。</source>
        <translation>Registered {name}, card {card}.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="499"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="512"/>
        <source>已恢复读者证。</source>
        <translation>Card unblocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="515"/>
        <source>停用读者证</source>
        <translation>Block card</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="516"/>
        <source>停用后该读者在所有服务点都不能借书（还书不受影响）。</source>
        <translation>A blocked reader cannot borrow at any point (returns still work).</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="517"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="522"/>
        <source>已停用读者证。</source>
        <translation>Card blocked.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="535"/>
        <source>已续证。</source>
        <translation>Card renewed.</translation>
    </message>
    <message>
        <location filename="../../ui/readers.py" line="371"/>
        <source>为其预约… (Ctrl+H)</source>
        <translation>Place a hold for this reader… (Ctrl+H)</translation>
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
        <location filename="../../ui/receipt.py" line="90"/>
        <source>收费收据</source>
        <extracomment>the roll: 80 mm paper, of which thermal printers print about 72 mm a phone number, a web address, a code: ASCII runs that must not break at a line&apos;s end</extracomment>
        <translation>Fee receipt</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="92"/>
        <source>借还凭条</source>
        <translation>Loan receipt</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="94"/>
        <source>收费（现金）</source>
        <translation>Paid (cash)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="95"/>
        <source>合计（元）</source>
        <translation>Total (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="96"/>
        <source>减免（元）</source>
        <translation>Waived (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="97"/>
        <source>补打</source>
        <translation>REPRINT</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="98"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="99"/>
        <source>借出</source>
        <translation>Borrowed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="100"/>
        <source>续借</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="101"/>
        <source>应还</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="102"/>
        <source>归还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="103"/>
        <source>已还</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="104"/>
        <source>滞纳金（元）</source>
        <translation>Fee (CNY)</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="211"/>
        <source>转运单</source>
        <translation>Transit slip</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="212"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/receipt.py" line="213"/>
        <source>发自</source>
        <translation>From</translation>
    </message>
</context>
<context>
    <name>ReceivePanel</name>
    <message>
        <location filename="../../ui/shipments.py" line="225"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="225"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="225"/>
        <source>册数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="225"/>
        <source>发出时间</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="230"/>
        <source>开始接收所选</source>
        <translation>Receive selected</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="232"/>
        <source>在途、待本馆接收</source>
        <translation>In transit to this point</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="238"/>
        <source>请在左侧选择一个配送单（双击或回车）。</source>
        <translation>Pick a shipment on the left (double-click or Enter).</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="241"/>
        <source>扫描箱内图书条码，回车</source>
        <translation>Scan each item in the box, then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="249"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="249"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="249"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="249"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="249"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="253"/>
        <source>标记破损… (F9)</source>
        <translation>Mark damaged… (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="255"/>
        <source>完成接收 (Ctrl+Enter)</source>
        <translation>Finish receiving (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="319"/>
        <source>接收配送单 {ref}：来自 {name}（{code}）</source>
        <translation>Receiving shipment {ref} from {name} ({code})</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="348"/>
        <source>{barcode} 已扫描过，无需重复。</source>
        <translation>{barcode} is already scanned.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="354"/>
        <source>多出：{barcode}《{title}》不在本箱清单中，已登记为多出，请单独放置。</source>
        <translation>Extra: {barcode} &quot;{title}&quot; is not on this box&apos;s list; recorded as extra. Keep it apart.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="361"/>
        <source>已收到 {barcode}《{title}》：它的预约已在途中结束，请单独放置；收货完成后转给下一预约或送回原馆。</source>
        <translation>Received {barcode} &quot;{title}&quot;: its hold ended on the way. Keep it apart; when the receipt is finished it goes to the next hold or back to its home library.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="368"/>
        <source>已收到 {barcode}《{title}》，还剩 {left} 册未扫。</source>
        <translation>Received {barcode} &quot;{title}&quot;; {left} left to scan.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="380"/>
        <source>请先扫描或选择破损的图书。</source>
        <translation>Scan or select the damaged item first.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="383"/>
        <source>标记破损</source>
        <translation>Mark damaged</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="384"/>
        <source>{barcode} 到馆时破损：登记后该册状态为破损，并报告给发出馆。</source>
        <translation>{barcode} arrived damaged: the item is marked damaged and reported to the sending point.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="387"/>
        <source>破损说明</source>
        <translation>Damage note</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="404"/>
        <source>已登记破损：{barcode}（{note}）</source>
        <translation>Marked damaged: {barcode} ({note})</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="423"/>
        <source>接收完成：收到 {received} 册，缺失 {missing} 册，多出 {extra} 册，破损 {damaged} 册。</source>
        <translation>Received: {received} items, {missing} missing, {extra} extra, {damaged} damaged.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="426"/>
        <source>问题已报告区馆，同步后由发出馆处理。</source>
        <translation>Problems are reported to the district; the sending point resolves them after sync.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="445"/>
        <source>……另有 {n} 册</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="448"/>
        <source>完成接收</source>
        <translation>Finish receiving</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="450"/>
        <source>还有 {n} 册未扫描。完成接收会把它们登记为缺失，并报告给发出馆。</source>
        <translation>Not scanned yet: {n}. Finishing records them as missing and reports them to the sending point.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="455"/>
        <source>登记缺失并完成 (&amp;Y)</source>
        <translation>&amp;Yes, record as missing and finish</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="456"/>
        <source>继续扫描 (&amp;N)</source>
        <translation>&amp;No, keep scanning</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="471"/>
        <source>应到 {n}</source>
        <translation>Expected {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="472"/>
        <source>已收 {n}</source>
        <translation>Received {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="473"/>
        <source>未扫 {n}</source>
        <translation>Unscanned {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="476"/>
        <source>缺失 {n}</source>
        <translation>Missing {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="477"/>
        <source>多出 {n}</source>
        <translation>Extra {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="477"/>
        <source>破损 {n}</source>
        <translation>Damaged {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="486"/>
        <source>，破损</source>
        <translation>, damaged</translation>
    </message>
</context>
<context>
    <name>SendPanel</name>
    <message>
        <location filename="../../ui/shipments.py" line="511"/>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="512"/>
        <source>新建配送单</source>
        <translation>New shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="518"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="522"/>
        <source>装箱中的配送单</source>
        <translation>Open shipments</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="524"/>
        <source>新建配送单，或选择一个装箱中的配送单。</source>
        <translation>Start a new shipment, or pick an open one.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="526"/>
        <source>扫描要装箱的图书条码，回车</source>
        <translation>Scan each item to pack, then Enter</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="531"/>
        <source>条码</source>
        <translation>Barcode</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="531"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="531"/>
        <source>索书号</source>
        <translation>Call number</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="531"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="534"/>
        <source>从清单文件装箱…</source>
        <translation>Pack from list file…</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="536"/>
        <source>装入待运往该馆的图书</source>
        <translation>Pack items waiting for that point</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="538"/>
        <source>移出所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="540"/>
        <source>取消配送单</source>
        <translation>Cancel shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="542"/>
        <source>发出 (Ctrl+Enter)</source>
        <translation>Dispatch (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="611"/>
        <source>请先选择送往的服务点。</source>
        <translation>Choose the destination point first.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="620"/>
        <source>配送单 {ref} → {name}（{code}），{state}，{n} 册</source>
        <translation>Shipment {ref} → {name} ({code}), {state}, items: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="666"/>
        <source>已装箱 {barcode}《{title}》</source>
        <translation>Packed {barcode} &quot;{title}&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="677"/>
        <source>选择条码清单</source>
        <translation>Choose a barcode list</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="679"/>
        <source>条码清单 (*.txt *.csv);;所有文件 (*)</source>
        <translation>Barcode lists (*.txt *.csv);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="688"/>
        <source>无法读取清单文件：{error}</source>
        <translation>Cannot read the list file: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="701"/>
        <source>已装箱 {n} 册；{m} 行未装箱：</source>
        <translation>Items packed: {n}; lines not packed: {m}:</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="708"/>
        <source>已装箱 {n} 册。</source>
        <translation>Items packed: {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="718"/>
        <source>已装入 {n} 册待运图书。</source>
        <translation>Waiting items packed: {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="782"/>
        <source>已发出配送单 {ref}：{n} 册在途，送往 {name}。</source>
        <translation>Shipment {ref} dispatched to {name}; items in transit: {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="544"/>
        <source>打印装箱单 (Ctrl+P)</source>
        <translation>Print packing list (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="760"/>
        <source>配送单里还没有图书，没有装箱单可打印。</source>
        <translation>The box is empty: there is no packing list to print.</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="772"/>
        <source>装箱单已打印：箱号 {ref}</source>
        <translation>Packing list printed: box {ref}</translation>
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
        <location filename="../../ui/setup.py" line="67"/>
        <source>首次设置 — 西城区图书馆服务点</source>
        <translation>First-time setup — Xicheng District Library service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="71"/>
        <source>数据目录 {path} 还是空的。请设置本服务点，并建立第一个管理员账号。</source>
        <translation>The data directory {path} is empty. Set up this service point and create the first admin account.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="76"/>
        <source>方式</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="77"/>
        <source>离线初始化（使用内置的区馆标准包）</source>
        <translation>Initialise offline (bundled district standards)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="79"/>
        <source>向区馆中心登记（需要网络和一次性登记码）</source>
        <translation>Enrol with the district hub (network and one-time code needed)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="87"/>
        <source>中心地址</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="88"/>
        <source>登记码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="94"/>
        <source>服务点</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="100"/>
        <source>金融街街道分馆</source>
        <translation>Jinrongjie street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="103"/>
        <source>区馆（总馆）</source>
        <translation>District library (hall)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="104"/>
        <source>街道分馆</source>
        <translation>Street branch</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="105"/>
        <source>社区服务点</source>
        <translation>Community point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="106"/>
        <source>社会合作服务点</source>
        <translation>Partner point</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="112"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="113"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="114"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="116"/>
        <source>第一个管理员</source>
        <translation>First administrator</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="124"/>
        <source>工号</source>
        <translation>Staff code</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="125"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="126"/>
        <source>密码（至少8位）</source>
        <translation>Password (8+ characters)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="127"/>
        <source>再次输入密码</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="136"/>
        <source>完成设置</source>
        <translation>Finish setup</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="136"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="150"/>
        <source>两次输入的密码不一致。</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="153"/>
        <source>密码至少 8 位。</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="156"/>
        <source>请填写管理员姓名；工号只能包含字母和数字。</source>
        <translation>Enter the admin&apos;s name; the staff code may hold letters and digits only.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="162"/>
        <source>请填写中心地址（https://…）和区馆发给本服务点的登记码。</source>
        <translation>Enter the hub address (https://…) and the enrolment code the district issued for this point.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="181"/>
        <source>正在设置…</source>
        <translation>Setting up…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="181"/>
        <source>正在向中心登记…</source>
        <translation>Enrolling with the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="201"/>
        <source>设置未完成（{e}）。未创建任何数据，请重试；如反复出现请联系技术支持。</source>
        <translation>Setup was not finished ({e}). Nothing was created; try again, and contact support if it keeps happening.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="206"/>
        <source>登记未成功：{e}。请核对中心地址和登记码，或先离线初始化。</source>
        <translation>Enrolment failed: {e}. Check the hub address and code, or initialise offline first.</translation>
    </message>
</context>
<context>
    <name>ShipmentsPage</name>
    <message>
        <location filename="../../ui/shipments.py" line="50"/>
        <source>待扫描</source>
        <translation>To scan</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="51"/>
        <source>已收到</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="52"/>
        <location filename="../../ui/shipments.py" line="155"/>
        <source>缺失</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="53"/>
        <source>多出（不在清单）</source>
        <translation>Extra (not listed)</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="56"/>
        <source>装箱中</source>
        <translation>Packing</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="57"/>
        <source>已发出</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="58"/>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="59"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="148"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="149"/>
        <source>方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="79"/>
        <location filename="../../ui/shipments.py" line="150"/>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="80"/>
        <location filename="../../ui/shipments.py" line="151"/>
        <source>送往</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="81"/>
        <location filename="../../ui/shipments.py" line="152"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="153"/>
        <source>册数</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="154"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="156"/>
        <source>多出</source>
        <translation>Extra</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="157"/>
        <source>破损</source>
        <translation>Damaged</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="158"/>
        <source>发出时间</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="163"/>
        <source>接收</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="164"/>
        <source>装箱发出</source>
        <translation>Pack and send</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="165"/>
        <source>配送记录</source>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="197"/>
        <source>发出</source>
        <translation>Out</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="197"/>
        <source>收到</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="77"/>
        <source>配送装箱单</source>
        <translation>Packing list</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="78"/>
        <source>箱号</source>
        <translation>Box</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="82"/>
        <source>清单（{n} 册）</source>
        <translation>Contents (items: {n})</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="83"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="84"/>
        <source>装箱人</source>
        <translation>Packed by</translation>
    </message>
    <message>
        <location filename="../../ui/shipments.py" line="85"/>
        <source>收货人签字</source>
        <translation>Received by (signature)</translation>
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
        <translation>Errors in the draft: {n}; see the red text under each field.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="359"/>
        <source>草稿符合标准包格式。</source>
        <translation>The draft is a valid standards package.</translation>
    </message>
    <message>
        <location filename="../../ui/standardspage.py" line="374"/>
        <source>与最新发布的 v{v} 相比有 {n} 处改动：</source>
        <translation>Changes from the latest published v{v}: {n}</translation>
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
        <location filename="../../ui/statspage.py" line="112"/>
        <source>新增藏量</source>
        <translation>New acquisitions</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="113"/>
        <location filename="../../ui/statspage.py" line="342"/>
        <source>到馆人次</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="78"/>
        <source>本馆</source>
        <translation>This point</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="79"/>
        <source>全区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="80"/>
        <source>全区统计来自区馆中心（需要管理令牌与网络）</source>
        <translation>District statistics come from the hub (needs the admin token and the network)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="82"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="83"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="85"/>
        <source>导出 Excel / CSV… (Ctrl+S)</source>
        <translation>Export Excel / CSV… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="90"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="90"/>
        <source>数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="90"/>
        <source>人均</source>
        <translation>Per capita</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="93"/>
        <source>年度汇总</source>
        <translation>Year summary</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="109"/>
        <source>按月流通</source>
        <translation>Circulation by month</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="110"/>
        <source>按读者类型</source>
        <translation>By reader type</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="111"/>
        <source>按中图法大类</source>
        <translation>By CLC class</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="114"/>
        <source>按服务点流通</source>
        <translation>By point</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="131"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="182"/>
        <source>正在统计 {year} 年…</source>
        <translation>Counting {year}…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="189"/>
        <source>正在从区馆中心取 {year} 年全区统计…</source>
        <translation>Fetching the district statistics for {year} from the hub…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="272"/>
        <source>归还次数</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="275"/>
        <source>服务点数</source>
        <translation>Service points</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="288"/>
        <location filename="../../ui/statspage.py" line="313"/>
        <location filename="../../ui/statspage.py" line="321"/>
        <location filename="../../ui/statspage.py" line="326"/>
        <source>借出</source>
        <translation>Check-outs</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="314"/>
        <source>归还</source>
        <translation>Returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="316"/>
        <location filename="../../ui/statspage.py" line="336"/>
        <location filename="../../ui/statspage.py" line="418"/>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="333"/>
        <source>册</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="334"/>
        <source>种</source>
        <translation>Titles</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="451"/>
        <source>还没有统计结果，无法导出。</source>
        <translation>No figures yet; nothing to export.</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="460"/>
        <source>导出统计</source>
        <translation>Export statistics</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="462"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="469"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="480"/>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="98"/>
        <source>藏书量是今天的存量；其余是标题所示期间的次数。人均 = 数量 ÷ 服务人口（区馆登记的服务人口）。月份按北京时间。</source>
        <translation>Holdings is today&apos;s stock; the others count the period in the title. Per capita = count ÷ served population (as registered with the district). Months are Beijing months.</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="252"/>
        <source>汇总 · {period}</source>
        <translation>Summary · {period}</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="254"/>
        <source>{period}：借出 {out} 次，归还 {back} 次</source>
        <translation>{period}: {out} check-outs, {back} returns</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="292"/>
        <source>全区汇总 · {period}</source>
        <translation>District summary · {period}</translation>
    </message>
    <message>
        <location filename="../../ui/statspage.py" line="294"/>
        <source>全区 {period}（{n} 个服务点）：借出 {out} 次，归还 {back} 次</source>
        <translation>District, {period} ({n} points): {out} check-outs, {back} returns</translation>
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
        <location filename="../../ui/syncpage.py" line="99"/>
        <source>同一笔费用在两处结清：中心保留第一次，请退还或说明第二次。</source>
        <translation>The same fee was settled at two points: the hub kept the first settlement; refund or explain the second.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="102"/>
        <source>还回的书全区都没有记录：请单独存放，按书上馆藏章联系所属图书馆，或编目入藏。</source>
        <translation>A copy nobody in the district knows was returned: keep it aside, contact the library its stamp names, or catalogue it.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="105"/>
        <source>读者对同一种书预约了两次：中心保留第一条，第二条未受理。</source>
        <translation>The reader held the same title twice: the hub kept the first hold and refused the second.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="108"/>
        <source>预约到达中心时读者已超过预约上限：这条预约未受理，请告知读者。</source>
        <translation>The reader was over the hold limit when this hold reached the hub: it was refused; please tell the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="111"/>
        <source>指定单册的预约未受理：这本书已不再流通，请帮读者改约同种书。</source>
        <translation>The copy-level hold was refused: the copy is no longer in circulation; help the reader hold the title instead.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="114"/>
        <source>这条预约已有别处留出的书：这本照常上架，不必送往取书点。</source>
        <translation>This hold already has a copy set aside elsewhere: shelve this one as usual; do not send it to the pickup point.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="117"/>
        <source>同一本书被两处留给了两条预约：书归第一条预约，另一条等待其他复本。</source>
        <translation>Two points set the same copy aside for two holds: the copy stays with the first hold; the other waits for another copy.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="120"/>
        <source>预约读者的证已停用或过期：预约暂不配书，读者证恢复后再继续。</source>
        <translation>The hold&apos;s reader card is blocked or expired: no copy is found for it until the card is in order.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="128"/>
        <source>记录写的服务点不是本机所属服务点</source>
        <extracomment>why the hub refused one event (``rejected`` exceptions carry the code): the authority table and the push handlers&apos; refusals, in docs/sync-protocol.md</extracomment>
        <translation>The record names a point other than this desk&apos;s own</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="129"/>
        <source>读者资料、状态和有效期只能由读者的注册服务点修改</source>
        <translation>A reader&apos;s profile, status and expiry can only be changed by the reader&apos;s home point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="132"/>
        <source>只有借出服务点或读者注册服务点可以续借</source>
        <translation>Only the lending point or the reader&apos;s home point can renew</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="133"/>
        <source>这本书不属于本服务点，也不在本服务点，不能由本机调拨、装箱或改状态</source>
        <translation>This copy neither belongs to nor is at this point: this desk cannot transfer, box or change it</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="136"/>
        <source>该读者证号已在其他服务点注册</source>
        <translation>This card number is registered at another point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="137"/>
        <source>该图书条码已在其他服务点登记</source>
        <translation>This barcode is registered at another point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="138"/>
        <source>中心没有这个配送单</source>
        <translation>The hub has no such box</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="139"/>
        <source>中心没有这条异常，或它与本服务点无关</source>
        <translation>The hub has no such exception, or it does not concern this point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="140"/>
        <source>中心没有这笔借阅</source>
        <translation>The hub has no such loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="141"/>
        <source>这笔借阅已经归还</source>
        <translation>This loan is already returned</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="142"/>
        <source>记录内容不符合数据格式</source>
        <translation>The record&apos;s content does not fit the data format</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="143"/>
        <source>中心不认识这种记录，请升级程序</source>
        <translation>The hub does not know this kind of record: upgrade the desk</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="144"/>
        <source>记录编号已被使用</source>
        <translation>Record number already used</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="145"/>
        <source>中心处理出错，请联系区馆</source>
        <translation>The hub failed to process it: contact the district library</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="146"/>
        <source>中心没有这笔费用</source>
        <translation>The hub has no such fee</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="147"/>
        <source>费用只能由产生它的服务点或读者注册服务点收取或减免</source>
        <translation>A fee can be collected or waived only by the point that raised it or the reader&apos;s home point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="150"/>
        <source>中心没有这条预约</source>
        <translation>The hub has no such hold</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="151"/>
        <source>只有预约涉及的服务点可以处理这条预约</source>
        <translation>Only a point the hold involves can act on it</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="152"/>
        <source>只有取书服务点可以上架或借出这条预约</source>
        <translation>Only the pickup point can shelve or lend this hold</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="153"/>
        <source>中心没有这个活动，或它不是本服务点举办的</source>
        <translation>The hub has no such activity, or this point does not run it</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="154"/>
        <source>活动系列不在区级活动目录中</source>
        <translation>The series is not in the district&apos;s activity catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="155"/>
        <source>服务对象不在区级活动目录中</source>
        <translation>The target group is not in the district&apos;s activity catalogue</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="161"/>
        <source>书目</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="162"/>
        <source>单册</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="163"/>
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="164"/>
        <source>全区读者索引</source>
        <translation>District reader index</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="166"/>
        <source>调拨</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="168"/>
        <source>标准包</source>
        <translation>Standards package</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="169"/>
        <location filename="../../ui/syncpage.py" line="247"/>
        <source>配送单</source>
        <translation>Shipment</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="170"/>
        <source>活动</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="171"/>
        <location filename="../../ui/syncpage.py" line="248"/>
        <source>预约</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="172"/>
        <location filename="../../ui/syncpage.py" line="257"/>
        <source>费用</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="177"/>
        <source>数据格式不符</source>
        <extracomment>why a feed row was refused (``sync.refusals``)</extracomment>
        <translation>Does not match the protocol</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="178"/>
        <source>本机无法应用</source>
        <translation>Could not be applied here</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="182"/>
        <location filename="../../ui/syncpage.py" line="331"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="183"/>
        <source>已更正</source>
        <translation>Corrected</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="184"/>
        <source>上报区馆</source>
        <translation>Escalate to district</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="193"/>
        <source>重复借出</source>
        <translation>Double loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="194"/>
        <source>借给已停用读者</source>
        <translation>Loan to blocked reader</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="195"/>
        <source>续借超限</source>
        <translation>Too many renewals</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="196"/>
        <source>时钟超前</source>
        <translation>Clock ahead</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="197"/>
        <source>时钟偏差</source>
        <translation>Clock drift</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="198"/>
        <source>标准包版本未知</source>
        <translation>Unknown standards version</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="199"/>
        <source>记录被拒绝</source>
        <translation>Record refused</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="200"/>
        <source>记录编号重复</source>
        <translation>Record number reused</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="201"/>
        <source>配送缺书</source>
        <translation>Box: copy missing</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="202"/>
        <source>配送多书</source>
        <translation>Box: extra copy</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="203"/>
        <source>配送破损</source>
        <translation>Box: copy damaged</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="204"/>
        <source>费用重复结清</source>
        <translation>Fee settled twice</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="205"/>
        <source>还回未知图书</source>
        <translation>Unknown copy returned</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="206"/>
        <source>重复预约</source>
        <translation>Duplicate hold</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="207"/>
        <source>预约超限</source>
        <translation>Hold limit exceeded</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="208"/>
        <source>预约单册不可借</source>
        <translation>Held copy unavailable</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="209"/>
        <source>预约重复留书</source>
        <translation>Hold captured twice</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="210"/>
        <source>一书两约</source>
        <translation>One copy, two holds</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="211"/>
        <source>预约读者证不可用</source>
        <translation>Hold reader&apos;s card not usable</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="216"/>
        <location filename="../../ui/syncpage.py" line="240"/>
        <source>图书条码</source>
        <translation>Item barcode</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="217"/>
        <location filename="../../ui/syncpage.py" line="218"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="219"/>
        <source>停用原因</source>
        <translation>Block reason</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="233"/>
        <source>相关服务点</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="234"/>
        <source>修改的字段</source>
        <translation>Fields changed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="235"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="236"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="237"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="239"/>
        <source>有效期至</source>
        <translation>Expires on</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="242"/>
        <source>归还时间</source>
        <translation>Returned at</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="243"/>
        <source>记录编号</source>
        <translation>Record number</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="244"/>
        <source>占用该编号的记录</source>
        <translation>Record holding the number</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="245"/>
        <source>中心已收到的最大编号</source>
        <translation>Highest number the hub holds</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="246"/>
        <source>首条记录</source>
        <translation>First record</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="249"/>
        <source>保留的预约</source>
        <translation>Hold kept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="250"/>
        <source>保留的图书</source>
        <translation>Copy kept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="251"/>
        <source>图书归属的预约</source>
        <translation>Copy kept for hold</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="252"/>
        <source>取书服务点</source>
        <translation>Pickup point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="253"/>
        <source>读者证状态</source>
        <translation>Card status</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="254"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="255"/>
        <source>上限</source>
        <translation>Limit</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="256"/>
        <source>已有数量</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="258"/>
        <source>金额（分）</source>
        <translation>Amount (fen)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="259"/>
        <source>第一次</source>
        <translation>First</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="260"/>
        <source>第二次</source>
        <translation>Second</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="509"/>
        <source>《{title}》，读者证尾号 {tail}，在 {pickup} 取书</source>
        <translation>“{title}”, card ending {tail}, to collect at {pickup}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="636"/>
        <source>另有 {n} 条中心数据无法接收，已跳过，见“无法接收的数据”。</source>
        <translation>{n} rows from the hub could not be taken and were skipped; see &quot;Rows not taken&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="165"/>
        <location filename="../../ui/syncpage.py" line="220"/>
        <location filename="../../ui/syncpage.py" line="241"/>
        <source>借阅</source>
        <translation>Loan</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="221"/>
        <source>被关闭的借阅</source>
        <translation>Loan closed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="222"/>
        <source>保留的借阅</source>
        <translation>Loan kept</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="160"/>
        <location filename="../../ui/syncpage.py" line="223"/>
        <source>服务点</source>
        <extracomment>feed-row kinds (``protocol.feed``), as the refused-rows list names them</extracomment>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="224"/>
        <source>原因代码</source>
        <translation>Reason code</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="226"/>
        <source>记录内容</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="228"/>
        <source>事件编号</source>
        <translation>Event id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="229"/>
        <source>设备编号</source>
        <translation>Device id</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="230"/>
        <source>应还日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="231"/>
        <source>借出时间</source>
        <translation>Checked out</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="232"/>
        <source>事件时间</source>
        <translation>Event time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="274"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="277"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="291"/>
        <location filename="../../ui/syncpage.py" line="295"/>
        <source>序号</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="291"/>
        <location filename="../../ui/syncpage.py" line="296"/>
        <location filename="../../ui/syncpage.py" line="326"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="225"/>
        <location filename="../../ui/syncpage.py" line="291"/>
        <location filename="../../ui/syncpage.py" line="297"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="291"/>
        <location filename="../../ui/syncpage.py" line="298"/>
        <location filename="../../ui/syncpage.py" line="308"/>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="227"/>
        <location filename="../../ui/syncpage.py" line="291"/>
        <location filename="../../ui/syncpage.py" line="299"/>
        <source>工号</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="300"/>
        <source>中心给出的原因</source>
        <translation>Reason from the hub</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="326"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="326"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="332"/>
        <source>已更正…</source>
        <translation>Corrected…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="333"/>
        <source>上报区馆…</source>
        <translation>Escalate…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="351"/>
        <source>待同步</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="352"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="167"/>
        <location filename="../../ui/syncpage.py" line="353"/>
        <source>异常</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="305"/>
        <source>首次发现</source>
        <translation>First seen</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="306"/>
        <source>最近一次</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="307"/>
        <source>数据类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="238"/>
        <location filename="../../ui/syncpage.py" line="309"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="310"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="316"/>
        <source>以下数据来自区馆中心，但本机无法接收，已跳过并记录；其余数据照常同步。升级本程序后会自动重试；如长期存在，请把这些记录告知技术支持。</source>
        <translation>These rows came from the hub but this desk could not take them: they were skipped and recorded, everything else synced. An upgraded desk tries them again; if they stay, tell support about them.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="354"/>
        <source>无法接收的数据</source>
        <translation>Rows not taken</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="422"/>
        <source>待同步 ({n})</source>
        <translation>Waiting ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="423"/>
        <source>失败 ({n})</source>
        <translation>Failed ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="424"/>
        <source>异常 ({n})</source>
        <translation>Exceptions ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="438"/>
        <source>无法接收的数据 ({n})</source>
        <translation>Rows not taken ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="444"/>
        <source>（列表显示最早的 {n} 条）</source>
        <translation>(the list shows the oldest {n})</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="456"/>
        <source>本服务点尚未登记到区馆中心（离线初始化）。所有操作都已在本机保存，登记后会自动上传。待同步 {n} 条。</source>
        <translation>This point is not enrolled with the district hub (initialised offline). Everything is saved here and will upload after enrolment. {n} waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="461"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="461"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="462"/>
        <source>{state}；中心 {url}；待同步 {n} 条；上次成功同步 {last}</source>
        <translation>{state}; hub {url}; {n} waiting; last successful sync {last}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="466"/>
        <source>最近一次错误：{e}</source>
        <translation>Last error: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="542"/>
        <source>说明（会同步到区馆）</source>
        <translation>Note (synced to the district)</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="555"/>
        <source>已处理：{kind} → {res}。处理结果会在下次同步时上传。</source>
        <translation>Resolved: {kind} → {res}. The decision uploads with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="568"/>
        <source>本服务点尚未登记到区馆中心，无法同步。请联系区馆管理员获取登记码。</source>
        <translation>This point is not enrolled with the district hub, so it cannot sync. Ask the district admin for an enrolment code.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="586"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="597"/>
        <source>连接中心</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="597"/>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="597"/>
        <source>下载</source>
        <translation>Download</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="612"/>
        <location filename="../../ui/syncpage.py" line="646"/>
        <source>同步已取消，已完成的部分已保存。</source>
        <translation>Sync cancelled; what was done is kept.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="616"/>
        <source>同步完成：上传 {up} 条，下载 {down} 条。</source>
        <translation>Sync done: {up} sent, {down} received.</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="622"/>
        <source>同步未完成：{e}</source>
        <translation>Sync not finished: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/syncpage.py" line="627"/>
        <location filename="../../ui/syncpage.py" line="650"/>
        <source>同步未完成：{e}。记录都在本机，稍后会自动重试。</source>
        <translation>Sync did not finish: {e}. Everything is kept here and will be retried automatically.</translation>
    </message>
</context>
<context>
    <name>TitleForm</name>
    <message>
        <location filename="../../ui/holdings.py" line="61"/>
        <source>新增书目</source>
        <translation>New title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="74"/>
        <source>题名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="76"/>
        <source>责任者</source>
        <translation>Author</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="77"/>
        <source>出版者</source>
        <translation>Publisher</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="78"/>
        <source>出版年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="79"/>
        <source>中图法分类号</source>
        <translation>CLC class number</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="81"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/holdings.py" line="81"/>
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
    <name>VolunteerPanel</name>
    <message>
        <location filename="../../ui/activities.py" line="615"/>
        <source>扫描志愿者的读者证或志愿者编号，回车</source>
        <translation>Scan the volunteer&apos;s card or volunteer number, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="621"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="622"/>
        <location filename="../../ui/activities.py" line="635"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="623"/>
        <location filename="../../ui/activities.py" line="639"/>
        <source>服务队</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="624"/>
        <source>读者证</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="625"/>
        <source>签到</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="630"/>
        <source>姓名/服务队</source>
        <translation>Name / team</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="630"/>
        <source>小时</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="633"/>
        <source>读者证（可空）</source>
        <translation>Card (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="637"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="640"/>
        <source>登记志愿者</source>
        <translation>Add volunteer</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="642"/>
        <source>打印所选志愿者的服务时长证明</source>
        <translation>Print the selected volunteer&apos;s hours statement</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="663"/>
        <source>志愿者签到（F6 切换为签退）</source>
        <translation>Volunteer sign-in (F6 switches to sign-out)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="665"/>
        <source>志愿者签退（F6 切换为签到）</source>
        <translation>Volunteer sign-out (F6 switches to sign-in)</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="690"/>
        <source>未分队</source>
        <translation>no team</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="692"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="708"/>
        <source>{name} 已签退，本次 {m} 分钟。</source>
        <translation>{name} signed out: {m} minutes this time.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="711"/>
        <source>{name} 已签到。</source>
        <translation>{name} signed in.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="726"/>
        <source>已登记志愿者 {name}，编号 {ref}。</source>
        <translation>Volunteer {name} added, number {ref}.</translation>
    </message>
    <message>
        <location filename="../../ui/activities.py" line="750"/>
        <source>兹证明 {name}（{team}）于 {start} 至 {end} 在{point}参加志愿服务 {n} 次，累计 {hours} 小时。</source>
        <translation>This certifies that {name} ({team}) volunteered {n} times at {point} from {start} to {end}, {hours} hours in all.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="272"/>
        <source>现在从该备份恢复吗？</source>
        <extracomment>Strings Qt&apos;s own zh_CN catalogue lacks: Qt 6&apos;s file dialog labels gained an accelerator (&quot;&amp;Look in:&quot;), the shipped qtbase_zh_CN.qm still has only the old ones (&quot;Look in:&quot;).</extracomment>
        <translation>Restore from that backup now?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="285"/>
        <source>已从备份恢复：{n} 个事件，其中 {p} 个待同步。</source>
        <translation>Restored from the backup: {n} events, {p} of them waiting to sync.</translation>
    </message>
</context>
</TS>
