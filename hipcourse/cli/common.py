"""What every command shares: the one-line parser error, exit code 2, JSON output."""

from __future__ import annotations

import argparse
import json
import sys

EXIT_USAGE = 2


class UsageError(Exception):
    """Raised by the parser instead of printing the full usage text."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (raised, handled in main)
        raise UsageError(f"{self.prog}: error: {message}")


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
