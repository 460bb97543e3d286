#!/usr/bin/env bash
# make test-fs: call a RUNNING FreeSWITCH on 127.0.0.1 and check the IVR reaches the queue.
#
# Expects: FreeSWITCH 1.10.12 with this overlay (make fs-install) already running here;
# Debian's sip-tester package (sipp); CALLCENTER_ESL_PASSWORD exported. Optional: the back
# office running (without it the IVR must still send the caller to the fallback queue:
# pass --expect fallback). Never builds or downloads FreeSWITCH; not part of `make test`.
#
#   freeswitch/check_live.sh [--expect agent|fallback|any] [--caller 13800000000] ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v sipp >/dev/null || { echo "check_live: install sipp: apt-get install sip-tester" >&2; exit 2; }
exec python3 "$here/live/check_live.py" "$@"
