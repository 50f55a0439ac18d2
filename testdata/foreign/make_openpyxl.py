#!/usr/bin/python3
"""Writes openpyxl-filled.xlsx: an applicant workbook as a script would make it.

Run with Debian's python3-openpyxl (apt-get install python3-openpyxl):
    /usr/bin/python3 make_openpyxl.py
It follows template starrate-申报表-2022.2 as a clerk fills it: a title row
above the headers, columns in another order with an extra one, headers a
clerk types (员工姓名, 身份证号码), 评价年度 as 「2022年」, the optional 离职日期,
placeholders (无, /, 暂无) for "none", dates as text in several forms and as
real dates, amounts as text ("30万元") and numbers, and a SUM formula that
openpyxl saves without a value.
"""
import datetime
from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "单位信息"
for row in [
    ("项目", "填写内容"),
    ("单位名称", "北京外部工具测试有限公司"),
    ("统一社会信用代码", "91110108MA01ABCD2H"),
    ("评价年度", "2022年"),
    ("申报星级", "二星"),
    ("经营范围", "安全技术防范系统维护"),
    ("固定经营场所地址", "北京市朝阳区某路8号"),
    ("联系人", "刘工"),
    ("联系电话", "13900139000"),
    ("故障报修电话", "400-800-1234"),
    ("服务投诉电话", "010-66668888"),
    ("信息化平台名称", ""),
]:
    ws.append(row)

ws = wb.create_sheet("人员名册")
ws.append(["人员名册（截至 2022 年 12 月 31 日）"])
ws.append([])
ws.append(["序号", "员工姓名", "身份证号码", "学历", "是否运维人员", "岗位", "专业技术职称", "安装维护员证书编号",
           "安防服务供应商认证", "入职日期", "是否缴纳社保", "是否签署保密协议", "备注", "离职日期"])
ws.append([1, "周一", "110105198001010016", "大专", "是", "运维", "助理工程师", "", "", datetime.date(2019, 5, 6), "是", "是", "", None])
ws.append([2, "吴二", "110105198001010032", "本科", "Y", "运维", "无", "AZ-7", "/", "2021年3月1日", "√", "√", "外聘", None])
ws.append([3, "郑三", "110105198001010059", "中专", "否", "文员", "", "", "", "2020/9/1", "是", "否", "", "2022-06-30"])

ws = wb.create_sheet("制度与信用")
ws.append(["编号", "项目", "填报", "证明材料", "备注"])
items = ["Q1", "Q2", "Q3", "Q4", "C1", "C2", "C3", "C4", "T1", "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12"]
for it in items:
    ans = "兼职" if it == "M4" else ("否" if it in ("M9", "M3", "C4") else "是")
    ws.append([it, "", ans, "暂无" if ans == "否" else "附件-" + it, None])

ws = wb.create_sheet("培训记录")
ws.append(["序号", "培训日期", "培训名称", "培训类型", "学时", "参训人员姓名", "参训人员身份证号"])
ws.append([1, "2022.4.8", "视频监控系统维护", "上岗后专项培训", 8, "周一", "110105198001010016"])
ws.append([2, datetime.datetime(2022, 4, 8), "视频监控系统维护", "上岗后专项培训", 8, "吴二", "110105198001010032"])
ws.append([3, "2022-04-08", "视频监控系统维护", "上岗后专项培训", "8", "郑三", ""])

ws = wb.create_sheet("维保合同")
ws.append(["维保合同一览表"])
ws.append(["序号", "合同编号", "用户单位名称", "是否重点保卫单位", "合同金额（元）", "服务开始日期", "服务结束日期", "签订日期"])
ws.append([1, "WB-2021-01", "朝阳区某银行支行", "是", "20万元", "2021-01-01", "2021-12-31", None])
ws.append([2, "WB-2022-01", "朝阳区某银行支行", "是", 200000, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31), "2021-12-15"])
ws.append([3, "WB-2022-02", "朝阳区第三小学", "否", "150,000.00", "2022/3/1", "2023/2/28", None])
ws.append([4, "WB-2022-03", "某商场（朝阳店）", "否", 60000.5, "2022年6月1日", "2022年12月31日", None])
ws.append([5, "WB-2022-04", "某小区物业", "否", 30000, "2022-07-01", "2023-06-30", None])

ws = wb.create_sheet("用户评价")
ws.append(["序号", "用户单位名称", "评价日期", "服务业务管理能力", "维保工作规范表现", "员工维修技能水平", "员工工作素质表现",
           "维修质量总体印象", "改进工作问题效果", "报修受理进场响应", "应急事件处置能力", "兑现服务承诺表现", "评价总分值"])
ws.append([1, "朝阳区某银行支行", "2022-12-01", 10, 5, 14, 5, 9, 9, 14, 14, 14, "=SUM(D2:L2)"])
ws.append([2, "朝阳区第三小学", datetime.date(2022, 11, 20), 9, 4, 13, 5, 9, 9, 13, 13, 13, None])

wb.save("openpyxl-filled.xlsx")
