"""Child processes that end with the server: the store build and the dump writer.

A child started with `spawn` keeps running when its parent is killed (SIGKILL, the OOM killer):
a store build then holds gigabytes for minutes with nobody to answer (issue #16). Linux can send
a signal to a process when the thread that started it ends; the children ask for SIGKILL. The
thread that starts them waits for them to finish, so it outlives every child it starts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h

log = logging.getLogger(__name__)


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent goes; if the parent is already gone,
    end now. `parent` is the pid the parent passed (os.getpid() there): without it, a parent that
    died before this call (a spawned child takes a while to start under load) is not noticed,
    since getppid() then already names the process that adopted the child. A no-op where prctl
    is missing."""
    expected = os.getppid() if parent is None else parent
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError) as exc:  # not Linux: the child may outlive a killed parent
        log.warning("a child process cannot ask to die with its parent: %s", exc)
        return
    if os.getppid() != expected:
        os._exit(1)
