"""The browser simulator page's own words, in the desk's two UI languages."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh": "IVR 模拟电话", "en": "IVR phone simulator"},
    "intro": {
        "zh": "用浏览器拨打客服热线：真实的语音导航流程，真实的后台数据。仅用于开发和演示。",
        "en": "Phone the service line from the browser: the real voice menus against the "
              "real back office. For development and demos only.",
    },
    "calling_number": {"zh": "主叫号码", "en": "Calling number"},
    "menu_language": {"zh": "默认语音", "en": "Default voice language"},
    "call": {"zh": "呼叫", "en": "Call"},
    "hang_up": {"zh": "挂机", "en": "Hang up"},
    "sound": {"zh": "播放声音", "en": "Sound on"},
    "idle": {"zh": "空闲", "en": "Idle"},
    "dialing": {"zh": "正在呼叫…", "en": "Dialing…"},
    "in_call": {"zh": "通话中", "en": "In call"},
    "transferred": {"zh": "已转人工排队", "en": "transferred to agent queue"},
    "ivr_hung_up": {"zh": "系统已挂机", "en": "The IVR hung up"},
    "you_hung_up": {"zh": "您已挂机", "en": "You hung up"},
    "ended": {"zh": "通话结束", "en": "Call ended"},
    "outcome": {"zh": "结果", "en": "Outcome"},
    "you_pressed": {"zh": "按键", "en": "You pressed"},
    "no_input": {"zh": "（未按键）", "en": "(no input)"},
    "lost": {"zh": "与模拟器的连接已断开", "en": "Lost the simulator connection"},
    "transcript": {"zh": "语音提示", "en": "Prompts"},
    "showcase": {"zh": "演示号码", "en": "Demo lines"},
    "demo_pin": {"zh": "演示密码", "en": "Demo PIN"},
    "keys_hint": {"zh": "也可以用键盘按 0-9、* 和 #。",
                  "en": "Your keyboard's 0-9, * and # work too."},
}


def page_texts(lang: str) -> dict[str, str]:
    lang = lang if lang in ("zh", "en") else "zh"
    return {key: texts[lang] for key, texts in TEXTS.items()}
