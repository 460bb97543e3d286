"""Python logging of the IVR, sent to the FreeSWITCH log with `freeswitch.consoleLog`.

Inside the switch nobody reads the embedded interpreter's stderr: the engine's warnings
("back office unavailable, falling back") must reach the FreeSWITCH log to be seen. One
handler on the `fs_scripts` logger covers the engine (`fs_scripts.flows.*`), the back-office
client and this binding.

This module stays imported for the life of the switch (only the entry module is reloaded
per call), so the handler is installed once; `install_console_logging` is idempotent and
only re-points the handler at the `consoleLog` it is given.

Nothing here adds digits: the engine logs no key presses, and the channel adapter logs
the keys of ordinary menus only, never those of a secret (PIN) entry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

ConsoleLog = Callable[[str, str], object]

LOGGER_NAME = "fs_scripts"
FORMAT = "callcenter %(name)s: %(message)s"

_install_lock = threading.Lock()


def console_level(levelno: int) -> str:
    """The `consoleLog` level name for a Python logging level."""
    if levelno >= logging.ERROR:
        return "err"
    if levelno >= logging.WARNING:
        return "warning"
    if levelno >= logging.INFO:
        return "info"
    return "debug"


class ConsoleLogHandler(logging.Handler):
    """Writes each record as one `consoleLog(level, line)` call (the line ends with a newline)."""

    def __init__(self, console_log: ConsoleLog) -> None:
        super().__init__(level=logging.DEBUG)
        self.console_log = console_log
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record).rstrip("\n") + "\n"
            self.console_log(console_level(record.levelno), line)
        except Exception:  # noqa: BLE001 - a logging failure must never end a call
            self.handleError(record)


def install_console_logging(
    console_log: ConsoleLog, logger_name: str = LOGGER_NAME
) -> ConsoleLogHandler:
    """Route `logger_name` and its children to `console_log`; safe to call on every call.

    The logger passes DEBUG and up: FreeSWITCH's own log level (`console loglevel`,
    `fsctl loglevel`) decides what is shown.
    """
    logger = logging.getLogger(logger_name)
    with _install_lock:
        for handler in logger.handlers:
            if isinstance(handler, ConsoleLogHandler):
                handler.console_log = console_log
                return handler
        handler = ConsoleLogHandler(console_log)
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        return handler
