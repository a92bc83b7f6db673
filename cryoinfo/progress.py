"""A one-line progress bar on stderr, for long commands (bench data, search rebuild)."""

import sys
import time


class Progress:
    def __init__(self, label: str, total: int, *, stream=None):
        self.label, self.total, self.done, self.start = label, total, 0, time.monotonic()
        self.stream = stream or sys.stderr

    def add(self, n: int) -> None:
        self.done += n
        share = min(self.done / self.total, 1) if self.total else 1
        bar = "#" * int(share * 30)
        rate = self.done / max(time.monotonic() - self.start, 1e-6)
        self.stream.write(
            f"\r  {self.label:<10} [{bar:<30}] {self.done:>9,}/{self.total:,}  {rate:,.0f}/s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
