"""What several sub-commands share: a sub-parser whose description is printed as written, and
the one-line verdict of a checking command."""

from __future__ import annotations

import argparse
import sys


def preformatted_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """A sub-command whose description (a usage text with examples) keeps its line breaks."""
    return subparsers.add_parser(
        name,
        help=help,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def verdict(failed: bool, failure: str, success: str) -> int:
    """Print how the check went (a failure on stderr) and return the exit code: 1 if failed."""
    if failed:
        print(failure, file=sys.stderr)
        return 1
    print(success)
    return 0
