"""The desk's two UI languages (Chinese and English), chosen per user."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_name": {"zh": "客服中心坐席台", "en": "Customer Service Desk"},
    "login": {"zh": "登录", "en": "Sign in"},
    "logout": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "工号", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "bad_login": {"zh": "工号或密码错误", "en": "Wrong username or password"},
    "expired": {"zh": "页面已过期，请重试", "en": "The form expired, please try again"},
    "welcome": {"zh": "欢迎", "en": "Welcome"},
    "role": {"zh": "角色", "en": "Role"},
    "language": {"zh": "English", "en": "中文"},
}


def translator(lang: str) -> dict[str, str]:
    lang = lang if lang in ("zh", "en") else "zh"
    return {key: texts[lang] for key, texts in TEXTS.items()}
