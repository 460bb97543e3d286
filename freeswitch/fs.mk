# FreeSWITCH targets, included by the project's Makefile (`include freeswitch/fs.mk`).
# Neither builds nor downloads FreeSWITCH: they work on an installed FreeSWITCH 1.10.12.
#
#   make fs-install [FS_CONF=/etc/freeswitch] [FS_PYTHON=/usr/bin/python3]
#       copy the overlay into FS_CONF, render vars_callcenter.xml from CALLCENTER_* variables,
#       load mod_python3, make the project importable by FS_PYTHON (the interpreter
#       FreeSWITCH embeds). See freeswitch/README.md.
#   make test-fs
#       call the running switch on 127.0.0.1 with sipp and check the IVR reaches the queue.
#       Not part of `make test`.

FS_DIR    := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
FS_CONF   ?= /etc/freeswitch
FS_PYTHON ?= /usr/bin/python3

.PHONY: fs-install test-fs

fs-install:
	$(FS_PYTHON) $(FS_DIR)/install.py --conf "$(FS_CONF)"

test-fs:
	$(FS_DIR)/check_live.sh
