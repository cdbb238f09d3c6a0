"""store.child.die_with_parent, called in a forked copy of the test process (issue #11, mutation
score): the kernel is asked for SIGKILL on the parent's death (read back with
PR_GET_PDEATHSIG), a child whose parent is not the one it was given ends with exit code 1, and
where prctl is missing or fails the child says so and carries on. Forked, not spawned: the code
under test is the one imported here (a mutant under test too), and an os._exit ends only the
copy. tests/store/test_child.py kills real parents."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
from collections.abc import Callable

from regiodeal.store import child
from regiodeal.store.child import die_with_parent

PR_GET_PDEATHSIG = 2  # linux/prctl.h


def in_child(job: Callable[[], object]) -> tuple[int, str]:
    """Run `job` in a forked child: its exit code and what it returned (repr) or raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(read)
        code = 0
        try:
            answer = repr(job())
        except BaseException as exc:  # noqa: BLE001  (reported to the parent)
            answer, code = f"{type(exc).__name__}: {exc}", 70
        os.write(write, answer.encode())
        os._exit(code)
    os.close(write)
    data = b""
    while chunk := os.read(read, 4096):
        data += chunk
    os.close(read)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), data.decode()


def _death_signal() -> int:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    value = ctypes.c_int()
    assert libc.prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0) == 0
    return value.value


def _warnings(job: Callable[[], object]) -> Callable[[], object]:
    """`job`, answering (its answer, the warnings the module logged meanwhile)."""

    def run() -> object:
        seen: list[str] = []

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                seen.append(f"{record.levelname}: {record.getMessage()}")

        child.log.addHandler(Keep())
        child.log.setLevel(logging.DEBUG)
        return job(), seen

    return run


def test_the_child_asks_for_sigkill_when_its_parent_dies() -> None:
    parent = os.getpid()  # the forked child's parent
    assert in_child(lambda: (die_with_parent(parent), _death_signal())) == (
        0,
        repr((None, int(signal.SIGKILL))),
    )
    # without a pid: the parent it has now
    assert in_child(lambda: (die_with_parent(), _death_signal())) == (
        0,
        repr((None, int(signal.SIGKILL))),
    )
    assert in_child(_death_signal) == (0, "0")  # the control: nothing asked, no signal


def test_a_child_whose_parent_is_not_the_one_given_ends_at_once() -> None:
    assert in_child(lambda: die_with_parent(1)) == (1, "")
    assert in_child(lambda: die_with_parent(os.getpid() + 1)) == (1, "")


class FakeLibc:
    calls: list[tuple[object, ...]] = []

    def __init__(self, answer: int) -> None:
        self.answer = answer

    def prctl(self, *args: object) -> int:
        FakeLibc.calls.append(args)
        ctypes.set_errno(22)
        return self.answer


def _with_libc(made: Callable[..., object], find: str | None, job: Callable[[], object]):  # type: ignore[no-untyped-def]
    def run() -> object:
        opened: list[tuple[object, object]] = []

        def cdll(name: object, use_errno: object = False) -> object:
            opened.append((name, use_errno))
            return made()

        ctypes.CDLL = cdll  # type: ignore[misc,assignment]  (only in the forked child)
        # only libc is looked up ("c"); anything else is not found here
        ctypes.util.find_library = lambda name: find if name == "c" else None  # type: ignore[assignment]
        answer = job()
        return answer, opened, FakeLibc.calls

    return run


def test_libc_is_opened_with_errno_and_asked_for_sigkill() -> None:
    parent = os.getpid()
    job = _with_libc(lambda: FakeLibc(0), None, _warnings(lambda: die_with_parent(parent)))
    code, answer = in_child(job)
    # find_library found nothing: the usual name; prctl(PR_SET_PDEATHSIG=1, SIGKILL, 0, 0, 0)
    assert (code, answer) == (
        0,
        repr(((None, []), [("libc.so.6", True)], [(1, signal.SIGKILL, 0, 0, 0)])),
    )
    job = _with_libc(lambda: FakeLibc(0), "libc.so.7", lambda: die_with_parent(parent))
    assert in_child(job) == (0, repr((None, [("libc.so.7", True)], [(1, signal.SIGKILL, 0, 0, 0)])))


def test_a_failing_prctl_is_logged_and_the_parent_still_checked() -> None:
    parent = os.getpid()
    job = _with_libc(lambda: FakeLibc(-1), None, _warnings(lambda: die_with_parent(parent)))
    code, answer = in_child(job)
    assert code == 0
    assert "['WARNING: prctl(PR_SET_PDEATHSIG) failed: errno 22']" in answer
    job = _with_libc(lambda: FakeLibc(-1), None, lambda: die_with_parent(1))
    assert in_child(job) == (1, "")


def test_without_prctl_the_child_says_so_and_carries_on() -> None:
    def missing() -> object:
        raise OSError("no libc here")

    # even with a parent that is not the one given: the check needs prctl's guarantee
    job = _with_libc(missing, None, _warnings(lambda: die_with_parent(1)))
    code, answer = in_child(job)
    assert code == 0
    assert "['WARNING: a child process cannot ask to die with its parent: no libc here']" in answer
    job = _with_libc(object, None, _warnings(lambda: die_with_parent(1)))  # no prctl attribute
    code, answer = in_child(job)
    assert code == 0 and "WARNING: a child process cannot ask to die with its parent: " in answer
