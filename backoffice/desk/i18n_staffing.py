"""Texts of the staffing forecast page (merged into `i18n.TEXTS`).

`staffing_err_<code>` names a `StaffingFormError.code` of `backoffice.desk.staffing_form`.
"""

from __future__ import annotations

STAFFING_PAIRS: dict[str, tuple[str, str]] = {
    "nav_staffing": ("排班预测", "Staffing"),
    "staffing_title": ("排班预测（Erlang C）", "Staffing forecast (Erlang C)"),
    "staffing_intro": (
        "填入各时段的预测来电量、平均处理时长和服务目标，得出每个时段需要的坐席数。"
        "按 Erlang C 计算：来电随机到达，客户排队等待不放弃。",
        "Enter the forecast calls per interval, the average handle time and the service "
        "target to get the agents each interval needs. Erlang C: calls arrive at random and "
        "callers wait without hanging up."),
    "staffing_forecast": ("各时段来电量", "Calls per interval"),
    "staffing_forecast_hint": (
        "每个时段一个数字，用空格、逗号或换行分隔；也可从表格粘贴“08:00 120”这样的两列。",
        "One number per interval, separated by spaces, commas or new lines; or paste two "
        "columns like “08:00 120” from a spreadsheet."),
    "staffing_start": ("第一个时段开始", "First interval starts"),
    "staffing_interval": ("时段长度（分钟）", "Interval (minutes)"),
    "staffing_aht": ("平均处理时长（秒，含话后整理）", "Average handle time (s, with wrap-up)"),
    "staffing_answer": ("目标应答时间（秒）", "Answer within (s)"),
    "staffing_sl": ("服务水平目标（%）", "Service level target (%)"),
    "staffing_occupancy": ("最高占用率（%）", "Maximum occupancy (%)"),
    "staffing_shrinkage": ("缺勤系数（%，休息、培训、请假）", "Shrinkage (%: breaks, training, absence)"),
    "staffing_calculate": ("计算", "Calculate"),
    "staffing_example": ("填入示例（工作日）", "Fill in an example weekday"),
    "staffing_result": ("各时段所需坐席", "Agents required per interval"),
    "staffing_col_interval": ("时段", "Interval"),
    "staffing_col_calls": ("来电量", "Calls"),
    "staffing_col_traffic": ("话务量（Erl）", "Traffic (Erl)"),
    "staffing_col_agents": ("所需坐席", "Agents"),
    "staffing_col_scheduled": ("排班人数（含缺勤）", "Rostered (with shrinkage)"),
    "staffing_col_wait": ("排队概率", "P(wait)"),
    "staffing_col_sl": ("服务水平", "Service level"),
    "staffing_col_asa": ("平均应答（秒）", "ASA (s)"),
    "staffing_col_occupancy": ("占用率", "Occupancy"),
    "staffing_total_calls": ("总来电量", "Total calls"),
    "staffing_peak": ("高峰坐席数", "Peak agents"),
    "staffing_agent_hours": ("坐席工时", "Agent-hours"),
    "staffing_scheduled_hours": ("排班工时（含缺勤）", "Rostered hours (with shrinkage)"),
    "staffing_err_no_forecast": ("请填写各时段的来电量。", "Enter the calls per interval."),
    "staffing_err_too_many_intervals": ("时段太多（最多336个，一周的半小时）：{detail}",
                                        "Too many intervals (at most 336, a week of half-hours): {detail}"),
    "staffing_err_bad_calls": ("来电量须为0到1000000之间的数字：{detail}",
                               "Calls must be a number from 0 to 1,000,000: {detail}"),
    "staffing_err_bad_start": ("开始时间格式为 时:分，如 08:00：{detail}",
                               "Write the start like 08:00: {detail}"),
    "staffing_err_bad_interval": ("时段长度只能是15、30或60分钟。", "The interval is 15, 30 or 60 minutes."),
    "staffing_err_bad_aht": ("平均处理时长须在1到7200秒之间：{detail}",
                             "The handle time must be 1 to 7200 seconds: {detail}"),
    "staffing_err_bad_answer": ("目标应答时间须在0到600秒之间：{detail}",
                                "Answer within must be 0 to 600 seconds: {detail}"),
    "staffing_err_bad_service_level": ("服务水平目标须在1%到99.9%之间：{detail}",
                                       "The service level target must be 1% to 99.9%: {detail}"),
    "staffing_err_bad_occupancy": ("最高占用率须在50%到100%之间：{detail}",
                                   "The maximum occupancy must be 50% to 100%: {detail}"),
    "staffing_err_bad_shrinkage": ("缺勤系数须在0%到90%之间：{detail}",
                                   "Shrinkage must be 0% to 90%: {detail}"),
    "staffing_err_too_much_traffic": ("话务量超出可计算范围：{detail}",
                                      "The traffic is beyond what can be staffed: {detail}"),
}
