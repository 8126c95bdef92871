"""Fail on any tracked file over 1 MB outside tests/**/data/.

Only source and test data are committed: a large file anywhere else is a wheel, a dump, a
download or profiler output that slipped in, and it would stay in every clone for good.
"""

import subprocess
import sys
from pathlib import Path, PurePosixPath

LIMIT = 1_000_000  # bytes: "1 MB", as the site counts its upload sizes


def is_test_data(path: PurePosixPath) -> bool:
    return path.parts[0] == "tests" and "data" in path.parts[1:-1]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607 -- git from the PATH, as a developer runs it
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    too_large = []
    for name in filter(None, listed.split("\0")):
        path = root / name
        if path.is_file() and not is_test_data(PurePosixPath(name)):
            size = path.stat().st_size
            if size > LIMIT:
                too_large.append(f"{name}: {size:,} bytes")
    if too_large:
        print(f"Tracked files over {LIMIT:,} bytes outside tests/**/data/:", file=sys.stderr)
        print("\n".join(too_large), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
