"""Texts of the service indicators, the wallboard and the reports (merged into `i18n.TEXTS`).

`kpi_<column>` names a column of `backoffice.kpi.reports.KpiRow`, `group_<grouping>` a
report grouping, `msg_report_<code>` a refused report query (`InvalidReportQuery.code`).
"""

from __future__ import annotations

KPI_PAIRS: dict[str, tuple[str, str]] = {
    "nav_wallboard": ("监控大屏", "Wallboard"),
    "nav_reports": ("统计报表", "Reports"),
    # --- indicators: the columns of a report ---
    "kpi_key": ("分组", "Group"),
    "kpi_offered": ("进线", "Offered"),
    "kpi_answered": ("接通", "Answered"),
    "kpi_abandoned": ("放弃", "Abandoned"),
    "kpi_short_abandons": ("短时放弃", "Short abandons"),
    "kpi_callbacks": ("预约回呼", "Callbacks"),
    "kpi_service_level": ("服务水平", "Service level"),
    "kpi_asa_s": ("平均应答", "ASA"),
    "kpi_abandonment_rate": ("放弃率", "Abandonment"),
    "kpi_handled": ("处理量", "Handled"),
    "kpi_aht_s": ("平均处理时长", "AHT"),
    "kpi_talk_s": ("平均通话", "Talk"),
    "kpi_wrap_up_s": ("平均整理", "Wrap-up"),
    "kpi_occupancy": ("占用率", "Occupancy"),
    "kpi_ivr_calls": ("IVR 呼入", "IVR calls"),
    "kpi_ivr_exits": ("IVR 中途挂机", "IVR exits"),
    "kpi_ivr_containment": ("自助完成率", "IVR containment"),
    "kpi_fcr_24h": ("一次解决率 24 小时", "FCR 24 h"),
    "kpi_fcr_7d": ("一次解决率 7 天", "FCR 7 d"),
    "kpi_surveys": ("评价数", "Surveys"),
    "kpi_satisfaction": ("满意率", "Satisfaction"),
    "kpi_tickets": ("工单", "Tickets"),
    "kpi_complaint_closure_s": ("投诉处理时长", "Complaint closure"),
    "kpi_ticket_sla_hit_rate": ("工单及时率", "Ticket SLA met"),
    "kpi_ticket_satisfaction": ("工单满意率", "Ticket satisfaction"),
    "kpi_wait_estimate_mae_s": ("预估等待误差", "Wait estimate error"),
    "kpi_wait_estimates_within_30s": ("预估 ±30 秒内", "Estimates within ±30 s"),
    "kpi_summary_completion": ("小结完成率", "Summaries written"),
    "kpi_na": ("—", "—"),
    # --- the wallboard ---
    "wb_title": ("服务监控大屏", "Live wallboard"),
    "wb_sl_today": ("今日服务水平", "Service level today"),
    "wb_sl_rule": ("{s} 秒内接通", "answered within {s} s"),
    "wb_asa_today": ("今日平均应答", "ASA today"),
    "wb_abandonment_today": ("今日放弃率", "Abandoned today"),
    "wb_answered_today": ("今日接通", "Answered today"),
    "wb_callbacks_due": ("待回呼", "Callbacks due"),
    "wb_agents": ("坐席状态", "Agents"),
    "wb_fullscreen": ("全屏", "Full screen"),
    "wb_updated": ("实时", "Live"),
    # --- the reports ---
    "rp_title": ("统计报表", "Service reports"),
    "rp_from": ("起始日期", "From"),
    "rp_to": ("截止日期", "To"),
    "rp_group_by": ("分组", "Group by"),
    "rp_show": ("查询", "Show"),
    "rp_csv": ("导出 CSV", "Download CSV"),
    "rp_total": ("合计", "Total"),
    "rp_table": ("指标明细", "Indicators"),
    "rp_chart_volume": ("话务量与服务水平", "Volume and service level"),
    "rp_chart_abandonment": ("放弃率", "Abandonment"),
    "rp_chart_handle_time": ("处理时长分布（通话＋整理）", "Handle time distribution (talk + wrap-up)"),
    "rp_legend_offered": ("进线", "Offered"),
    "rp_legend_answered": ("接通", "Answered"),
    "rp_legend_service_level": ("服务水平", "Service level"),
    "rp_legend_abandonment": ("放弃率", "Abandonment"),
    "rp_legend_calls": ("通话数", "Calls"),
    "rp_minutes": ("分钟", "min"),
    "rp_hours": ("小时", "h"),
    "rp_seconds": ("秒", "s"),
    "rp_no_data": ("所选时段没有数据。", "Nothing was recorded in this period."),
    "rp_notes": (
        "服务水平＝{s} 秒内接通 ÷（接通＋等待 {a} 秒以上的放弃）；预约回呼与 IVR 中途挂机单独统计，"
        "不计为放弃。处理时长＝通话＋话后整理。占用率＝（通话＋整理）÷（通话＋整理＋空闲）。"
        "一次解决率：接通后 24 小时／7 天内同一号码未再来电。",
        "Service level = answered within {s} s ÷ (answered + abandoned after {a} s or more); "
        "booked callbacks and IVR exits are counted apart, never as abandons. Handle time = "
        "talk + wrap-up. Occupancy = (talk + wrap-up) ÷ (talk + wrap-up + available). "
        "First-contact resolution: no call from the same number within 24 h / 7 days."),
    "group_hour": ("按小时", "By hour"),
    "group_day": ("按天", "By day"),
    "group_agent": ("按坐席", "By agent"),
    "group_skill": ("按技能队列", "By skill"),
    "group_ticket_type": ("按工单类型", "By ticket type"),
    "msg_report_range_reversed": ("起始日期不能晚于截止日期。", "'From' must not be after 'To'."),
    "msg_report_range_too_long": ("报表最多覆盖 366 天。", "A report covers at most 366 days."),
    "msg_report_hourly_too_long": ("按小时的报表最多覆盖 31 天。",
                                   "An hourly report covers at most 31 days."),
    "msg_report_days_out_of_range": ("日期须在 2000 至 2099 年之间。",
                                     "Days must be from 2000 to 2099."),
    "msg_report_bad_grouping": ("分组方式不正确。", "Unknown grouping."),
}
