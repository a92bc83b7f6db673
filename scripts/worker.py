"""
Run the task worker (`manage.py db_worker`) and start it again if it stops by itself,
as it does when the database goes away (a PostgreSQL restart). `make run` and
`make serve` use this; in production a service manager does the same
(systemd: Restart=always).

Stopping: Ctrl-C reaches the worker directly (it is in the terminal's process group) and
it finishes the task in hand; SIGTERM sent to this script is passed on to the worker once.
Either way the worker is not started again. A second signal would abort the task in hand,
so none is sent.

Usage: python scripts/worker.py [db_worker options]
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAUSE_SECONDS = 2

stopping = False
worker: subprocess.Popen | None = None


def on_interrupt(signum, frame) -> None:
    global stopping
    stopping = True  # the worker got the same Ctrl-C from the terminal


def on_terminate(signum, frame) -> None:
    global stopping
    stopping = True
    if worker is not None and worker.poll() is None:
        worker.send_signal(signal.SIGTERM)


def main(arguments: list[str]) -> int:
    global worker
    signal.signal(signal.SIGINT, on_interrupt)
    signal.signal(signal.SIGTERM, on_terminate)
    command = [sys.executable, "manage.py", "db_worker", *arguments]
    while True:
        worker = subprocess.Popen(command, cwd=ROOT)
        code = worker.wait()
        if stopping:
            return 0
        print(f"The task worker stopped (exit {code}); starting it again.", file=sys.stderr)
        time.sleep(PAUSE_SECONDS)
        if stopping:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
