"""Fixed reference data of the demo: plans, skills, desk users, areas, incidents, showcase lines.

The showcase lines and logins here are the ones the README documents.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PIN = "135790"
DEMO_PASSWORD = "callcenter"

PLANS = [
    # code, zh, en, monthly fee (fen), per minute (fen)
    ("basic", "基础套餐19元", "Basic 19", 1900, 15),
    ("talk", "畅聊套餐39元", "Talk 39", 3900, 10),
    ("broadband_bundle", "宽带融合59元", "Broadband bundle 59", 5900, 8),
    ("business", "商务套餐99元", "Business 99", 9900, 5),
    ("unlimited", "不限量199元", "Unlimited 199", 19900, 0),
]

SKILLS = [
    ("general", "综合业务", "General"),
    ("billing", "话费账单", "Billing"),
    ("consultation", "业务咨询", "Consultation"),
    ("faults", "障碍申告", "Faults"),
    ("complaints", "投诉建议", "Complaints"),
    ("service_orders", "业务受理", "Service orders"),
    ("directory", "号码查询", "Directory"),
    ("english", "英语服务", "English"),
]

URBAN_AREAS = ["pudong", "huangpu", "xuhui", "jingan", "changning", "putuo", "hongkou",
               "yangpu", "minhang", "baoshan"]
RURAL_AREAS = ["chongming", "jinshan"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    role: str
    level: int = 1
    is_general: bool = False
    skills: tuple[tuple[str, int], ...] = ()
    extension: str | None = None
    department: str | None = None
    language: str = "zh"


USERS = [
    DemoUser("agent01", "王芳", "agent", 1, True, (("general", 1), ("consultation", 1)), "1001"),
    DemoUser("agent02", "李娜", "agent", 2, True, (("general", 2),), "1002"),
    DemoUser("agent03", "张伟", "agent", 3, True, (("general", 3), ("billing", 2)), "1003"),
    DemoUser("agent04", "刘洋", "agent", 5, True, (("general", 5), ("complaints", 4)), "1004"),
    DemoUser("agent05", "陈静", "agent", 2, False, (("billing", 3),), "1005"),
    DemoUser("agent06", "杨磊", "agent", 4, False, (("billing", 5),), "1006"),
    DemoUser("agent07", "赵敏", "agent", 2, False, (("faults", 3),), "1007"),
    DemoUser("agent08", "黄强", "agent", 4, False, (("faults", 5),), "1008"),
    DemoUser("agent09", "周婷", "agent", 4, False, (("complaints", 5),), "1009"),
    DemoUser("agent10", "吴军", "agent", 3, False, (("service_orders", 4), ("consultation", 3)), "1010"),
    DemoUser("agent11", "徐丽", "agent", 1, False, (("directory", 3),), "1011"),
    DemoUser("agent12", "Emily Sun", "agent", 3, False, (("english", 4), ("billing", 2)), "1012",
             language="en"),
    DemoUser("qa01", "孙质检", "qa", 4),
    DemoUser("super01", "郑班长", "supervisor", 5),
    DemoUser("dept_net", "网络维护部", "department", 3, department="network"),
    DemoUser("dept_bill", "计费账务部", "department", 3, department="billing"),
    DemoUser("admin", "系统管理员", "admin", 5, language="en"),
]


@dataclass(frozen=True)
class Showcase:
    """A hand-made customer whose line behaves in a documented way in the demo."""

    number: str
    name: str
    story: str
    area: str = "xuhui"
    vip_level: int = 0
    language: str = "zh"
    arrears_months: int = 0
    pin_locked: bool = False
    prepaid_fen: int = 0  # paid in advance beyond the bills: the balance a caller hears


SHOWCASE = [
    Showcase("13800000001", "张三", "active, balance 123.45 yuan, open incident in its area",
             area="pudong", prepaid_fen=12345),
    Showcase("13800000002", "李四", "one month in arrears: one-way suspended", arrears_months=1),
    Showcase("13800000003", "王五", "two months in arrears: two-way suspended",
             arrears_months=2),
    Showcase("13800000004", "Li Ming", "gold VIP, English speaker", vip_level=2, language="en",
             prepaid_fen=88000),
    Showcase("13800000005", "赵六", "PIN locked after repeated failures", pin_locked=True),
]

INCIDENTS = [
    ("pudong", "fiber_cut", "浦东新区光缆被施工挖断，正在抢修",
     "A fibre cable in Pudong was cut by roadworks", 4),
    ("baoshan", "equipment", "宝山区基站设备故障", "A base station in Baoshan is faulty", 8),
    ("chongming", "power", "崇明区供电中断导致网络中断",
     "A power cut in Chongming took the network down", 24),
]

BLACKLIST = [("13999999999", "repeated malicious calls")]

DEMO_CARDS = [
    # serial, card PIN, face value (fen) — unused demo cards the README documents
    ("9000000001", "1111222233334444", 5000),
    ("9000000002", "5555666677778888", 10000),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅"
EN_NAMES = ["Alex Chen", "Grace Liu", "David Wang", "Sophie Zhang", "Tom Li", "Anna Zhao"]
