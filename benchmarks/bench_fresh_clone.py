"""The README's two commands on a fresh clone: `make demo` and `make test`, each timed from a clone of its own.

Each target gets a new `git clone` of the project's last commit (uncommitted changes are not in it), made beside
the project so that `../shared` resolves there as it does here, and runs with nothing of this checkout: its own
`.venv` (created and installed by the target itself), no `data/interim` caches, no scored store. The time
includes that set-up, as a new user's first command does; pip reads its packages from this machine's index and
cache, so a machine that downloads them from PyPI adds the download. Issue #28 asks for each under 10 minutes.
Run it alone: the test suite uses both cores.

Usage: python benchmarks/bench_fresh_clone.py [--targets demo test] [--keep]
Writes docs/benchmarks/fresh_clone.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import time

from _common import ROOT, machine, save

#: Issue #28: `make demo` and `make test` each stay under 10 minutes on a fresh clone.
LIMIT_S = 600


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def pytest_summary(output: str) -> str | None:
    """pytest's last summary line (``653 passed, 2 skipped in 431.2s``) without its ``=`` rules, if any."""
    found = re.findall(r"^=+ (.*\b(?:passed|failed|error)\b.* in [0-9.]+s.*?) =+$", output, flags=re.MULTILINE)
    return found[-1] if found else None


def run_target(target: str, keep: bool = False) -> dict:
    """Clone the project beside it, run ``make <target>`` there and time it; the clone is removed unless ``keep``."""
    clone = ROOT.parent / f".vigie-fresh-{target}-{os.getpid()}"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["CI"] = "true"  # as .ci/run is called
    start = time.perf_counter()
    done = subprocess.run(["make", target], cwd=clone, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    output = done.stdout + done.stderr
    if not keep:
        shutil.rmtree(clone, ignore_errors=True)
    if done.returncode:
        tail = "\n".join(output.splitlines()[-40:])
        raise RuntimeError(f"make {target} failed on a fresh clone ({clone}) with code {done.returncode}:\n{tail}")
    return {"target": target, "seconds": round(seconds, 1), "pytest": pytest_summary(output), "limit_s": LIMIT_S}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", nargs="+", default=["demo", "test"], choices=["demo", "test"])
    parser.add_argument("--keep", action="store_true", help="Keep the clones (beside the project) to look inside.")
    args = parser.parse_args()
    shared = (ROOT.parent / "shared" / "data").is_dir()
    runs = []
    for target in args.targets:
        print(f"make {target} on a fresh clone...", flush=True)
        runs.append(run_target(target, args.keep))
        print(f"  {runs[-1]['seconds']} s; {runs[-1]['pytest'] or ''}", flush=True)
    save("fresh_clone", {"machine": machine(), "commit": _git("rev-parse", "--short", "HEAD"),
                         "uncommitted_changes": bool(_git("status", "--porcelain", "--untracked-files=no")),
                         "shared_data": shared, "runs": runs})


if __name__ == "__main__":
    main()
