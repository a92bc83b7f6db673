"""Which release is running: part of every page and fragment cache key, so a deploy never
serves pages that point at the static files of the release before it."""

import subprocess
from pathlib import Path


def current_release(base_dir: Path) -> str:
    """The git revision of the code, or "dev" outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=base_dir, capture_output=True, text=True, timeout=5, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "dev"
    return result.stdout.strip() or "dev"
