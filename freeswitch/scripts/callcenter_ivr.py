"""mod_python3 entry point of the call-center IVR: `<action application="python" data="callcenter_ivr"/>`.

FreeSWITCH imports AND reloads this module on every call, so it holds no state and no
logic: both live in the `fs_scripts` package, which stays imported (its shared back-office
client and flow cache survive from call to call). `make fs-install` puts the repository
and this folder on the switch interpreter's path.

    handler(session, args)          one call (dialplan application `python`)
    fsapi(session, stream, env, args)  `python callcenter_ivr` at the console: readiness report
"""

from fs_scripts.entry import fsapi, handler

__all__ = ["fsapi", "handler"]
