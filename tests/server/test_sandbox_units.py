"""The seccomp filter of the query workers (regiodeal.sparql.sandbox) checked in the test process:
the BPF program run by a small interpreter of the four classic-BPF instructions it uses, on
hand-made `struct seccomp_data`, and `deny_network` against a stand-in libc (installing the
real filter here would cut the test process off from the network; tests/server/test_sandbox.py
does that in child processes).

Expected values are the kernel's (include/uapi/linux/seccomp.h, filter.h, audit.h):
SECCOMP_RET_KILL_PROCESS 0x80000000, SECCOMP_RET_ERRNO 0x00050000 | errno, SECCOMP_RET_ALLOW
0x7fff0000; AUDIT_ARCH_X86_64 0xc000003e, AUDIT_ARCH_AARCH64 0xc00000b7, AUDIT_ARCH_I386
0x40000003; socket() is 41 on x86-64 and 198 on AArch64, io_uring_setup 425 on both; EACCES 13;
AF_UNIX 1, AF_INET 2, AF_INET6 10, AF_NETLINK 16, AF_PACKET 17; the x32 bit 0x40000000.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any

import pytest

from regiodeal.sparql import sandbox

KILL, ALLOW, DENY = 0x80000000, 0x7FFF0000, 0x00050000 | 13
X86_64, AARCH64, I386 = 0xC000003E, 0xC00000B7, 0x40000003


def run(program: bytes, nr: int, arch: int, arg0: int = 0) -> int:
    """Classic BPF as seccomp runs it: A = 32-bit word of seccomp_data; jumps relative to the
    next instruction; RET ends with k."""
    data = {0: nr, 4: arch, 16: arg0 & 0xFFFFFFFF}
    ops = [struct.unpack("<HBBI", program[i : i + 8]) for i in range(0, len(program), 8)]
    pc, acc = 0, 0
    while True:
        code, jt, jf, k = ops[pc]
        pc += 1
        if code == 0x20:  # BPF_LD | BPF_W | BPF_ABS
            acc = data[k]
        elif code == 0x15:  # BPF_JMP | BPF_JEQ | BPF_K
            pc += jt if acc == k else jf
        elif code == 0x35:  # BPF_JMP | BPF_JGE | BPF_K
            pc += jt if acc >= k else jf
        elif code == 0x06:  # BPF_RET | BPF_K
            return k
        else:
            raise AssertionError(f"unexpected opcode {code:#x}")


@pytest.mark.parametrize(
    ("arch", "socket_nr"), [(X86_64, 41), (AARCH64, 198)], ids=["x86_64", "aarch64"]
)
def test_the_program_refuses_network_sockets_and_io_uring_only(arch: int, socket_nr: int) -> None:
    program = sandbox.program(arch, socket_nr, 425)
    assert len(program) == 15 * 8
    for family in (2, 10, 17):  # AF_INET, AF_INET6, AF_PACKET
        assert run(program, socket_nr, arch, family) == DENY
    for family in (1, 16, 0, 3, 11, 18):  # AF_UNIX, AF_NETLINK and other families
        assert run(program, socket_nr, arch, family) == ALLOW
    assert run(program, socket_nr, arch, (1 << 32) | 2) == DENY  # the low 32 bits count
    assert run(program, 425, arch) == DENY  # io_uring_setup
    # any other call is allowed, whatever its first argument; e.g. mprotect (10 on x86-64) and
    # pread64 (17) have the numbers of denied families
    for nr in range(460):
        if nr not in (socket_nr, 425):
            assert run(program, nr, arch, 2) == ALLOW, nr


def test_the_program_kills_a_foreign_abi() -> None:
    program = sandbox.program(X86_64, 41, 425)
    assert run(program, 0, I386) == KILL  # i386 system call on x86-64
    assert run(program, 41, AARCH64, 2) == KILL
    assert run(program, 0x40000000 | 41, X86_64, 2) == KILL  # x32
    assert run(program, 0x40000000, X86_64) == KILL
    assert run(program, 0x3FFFFFFF, X86_64) == ALLOW


def test_arch_table_matches_the_kernels_numbers() -> None:
    assert sandbox.ARCHES["x86_64"] == (X86_64, 41, 425, 317)
    assert sandbox.ARCHES["aarch64"] == (AARCH64, 198, 425, 277)


class FakeLibc:
    def __init__(self, prctl: int = 0, syscall: int = 0) -> None:
        self.prctl_result, self.syscall_result = prctl, syscall
        self.prctls: list[tuple[int, ...]] = []
        self.syscalls: list[tuple[Any, ...]] = []

    def prctl(self, *args: int) -> int:
        self.prctls.append(args)
        return self.prctl_result

    def syscall(self, nr: int, mode: int, flags: int, ref: Any) -> int:
        prog = ref._obj  # the _Filter that ctypes.byref points at
        address = ctypes.c_void_p.from_buffer(prog, sandbox._Filter.filter.offset).value
        code = ctypes.string_at(address, prog.nr * 8)
        self.syscalls.append((nr, mode, flags, prog.nr, code))
        return self.syscall_result


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """An x86-64 Linux with a stand-in libc; `opened` records how libc was loaded."""
    state: dict[str, Any] = {"libc": FakeLibc(), "opened": []}

    def cdll(name: str, **kwargs: Any) -> FakeLibc:
        state["opened"].append((name, kwargs))
        return state["libc"]

    monkeypatch.setattr(sandbox.sys, "platform", "linux")
    monkeypatch.setattr(sandbox.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(sandbox.ctypes, "CDLL", cdll)
    monkeypatch.setattr(sandbox.ctypes.util, "find_library", lambda name: f"lib{name}.so.6")
    return state


def test_deny_network_sets_no_new_privs_then_loads_the_filter(linux: dict[str, Any]) -> None:
    assert sandbox.deny_network() is True
    assert linux["opened"] == [("libc.so.6", {"use_errno": True})]
    libc = linux["libc"]
    assert libc.prctls == [(38, 1, 0, 0, 0)]  # PR_SET_NO_NEW_PRIVS
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog), 15 instructions
    [(nr, mode, flags, length, code)] = libc.syscalls
    assert (nr, mode, flags, length) == (317, 1, 1, 15)
    assert code == sandbox.program(X86_64, 41, 425)
    assert run(code, 41, X86_64, 2) == DENY


def test_deny_network_finds_libc_by_its_soname_if_need_be(
    linux: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox.ctypes.util, "find_library", lambda name: None)
    assert sandbox.deny_network() is True
    assert linux["opened"] == [("libc.so.6", {"use_errno": True})]


def test_deny_network_on_aarch64_uses_its_numbers(
    linux: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox.platform, "machine", lambda: "aarch64")
    assert sandbox.deny_network() is True
    [(nr, _, _, _, code)] = linux["libc"].syscalls
    assert nr == 277
    assert run(code, 198, AARCH64, 10) == DENY and run(code, 41, AARCH64, 10) == ALLOW


def test_deny_network_fails_where_it_cannot_install(
    linux: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    linux["libc"] = FakeLibc(syscall=-1)  # the kernel refuses the filter
    assert sandbox.deny_network() is False
    linux["libc"] = refused = FakeLibc(prctl=-1)  # no_new_privs refused: no filter tried
    assert sandbox.deny_network() is False
    assert refused.syscalls == []
    monkeypatch.setattr(sandbox.platform, "machine", lambda: "riscv64")
    linux["opened"].clear()
    assert sandbox.deny_network() is False
    monkeypatch.setattr(sandbox.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(sandbox.sys, "platform", "darwin")
    assert sandbox.deny_network() is False
    assert linux["opened"] == []  # libc never loaded
