"""A query worker that cannot open a network connection: defence in depth behind the guard.

With an empty federation allow-list no query may reach the network, so a worker installs a
seccomp filter before it opens the store: from then on `socket()` for AF_INET, AF_INET6 and
AF_PACKET fails with EACCES in every thread of the process (and `io_uring_setup`, which could
open sockets without that call, fails too). A query that slipped past the guard with a SERVICE
then gets a connection error from the engine instead of reaching its target. Local sockets
(AF_UNIX, the pipe to the server) keep working.

It needs no privilege (`PR_SET_NO_NEW_PRIVS` first) and no package: the filter is a short BPF
program loaded through libc with ctypes. It is written for Linux on x86-64 and AArch64; on other
platforms, or where the kernel refuses the filter, `deny_network` returns False and the server
logs that the guard is the only protection (docs/sparql-endpoint.md, "Threat model").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import socket
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_KILL_PROCESS = 0x80000000
# BPF opcodes: BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_JMP|BPF_JGE|BPF_K, BPF_RET|BPF_K
LD_ABS, JEQ, JGE, RET = 0x20, 0x15, 0x35, 0x06
# offsets in struct seccomp_data: nr, arch, instruction pointer, args[6]
NR, ARCH, ARG0 = 0, 4, 16
X32_SYSCALL_BIT = 0x40000000

# (audit arch, socket, io_uring_setup, seccomp) per machine
ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 317),
    "aarch64": (0xC00000B7, 198, 425, 277),
}
DENIED_FAMILIES = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))


class _Filter(ctypes.Structure):
    _fields_ = [("nr", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def _op(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def program(arch: int, socket_nr: int, io_uring_nr: int) -> bytes:
    """The BPF program: foreign ABIs are killed, network sockets and io_uring refused."""
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    n = len(DENIED_FAMILIES)
    ops = [
        _op(LD_ABS, 0, 0, ARCH),
        _op(JEQ, 1, 0, arch),  # this machine's ABI: go on; another (e.g. i386 on x86-64): kill
        _op(RET, 0, 0, SECCOMP_RET_KILL_PROCESS),
        _op(LD_ABS, 0, 0, NR),
        _op(JGE, 0, 1, X32_SYSCALL_BIT),  # x32 system calls: kill
        _op(RET, 0, 0, SECCOMP_RET_KILL_PROCESS),
        _op(JEQ, 0, 1, io_uring_nr),
        _op(RET, 0, 0, deny),
        _op(JEQ, 0, n + 1, socket_nr),  # not socket(): allow
        _op(LD_ABS, 0, 0, ARG0),  # the address family (low 32 bits)
    ]
    for i, family in enumerate(DENIED_FAMILIES):
        ops.append(_op(JEQ, n - i, 0, family))  # a denied family: jump to the deny below
    ops += [_op(RET, 0, 0, SECCOMP_RET_ALLOW), _op(RET, 0, 0, deny)]
    return b"".join(ops)


def deny_network() -> bool:
    """Install the filter in this process (all threads); False where that is not possible."""
    machine = ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or machine is None:
        return False
    arch, socket_nr, io_uring_nr, seccomp_nr = machine
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    code = program(arch, socket_nr, io_uring_nr)
    prog = _Filter(len(code) // 8, code)
    result = libc.syscall(
        seccomp_nr, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(prog)
    )
    return int(result) == 0  # ctypes: the syscall's return value
