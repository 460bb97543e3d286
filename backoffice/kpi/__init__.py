"""Service indicators (服务指标, REQUIREMENTS §8): each defined once and shared by the live
wallboard, the desk's reports and the API.

`model` the plain records, `definitions` the indicators over them (pure), `records` reads
the records of a time window from the database, `reports` groups them by hour, day, agent,
skill or ticket type, `query` checks what a report is asked for, `service` runs a report,
`export` writes one as CSV or JSON values, `live` is the wallboard's snapshot.
"""
