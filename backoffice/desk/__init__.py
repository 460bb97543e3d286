"""The web desk: agents, QA, supervisors. Server-rendered Jinja2 pages, htmx, server-sent events."""
