"""`make audit`: pip-audit over the installed dependencies; fails on a vulnerability that has a fix.

A finding without a fixed version is listed but does not fail the run (nothing to move to;
docs/security.md says how such a finding is judged). Exit codes: 0 clean, 1 fixable
findings, 2 pip-audit could not answer (offline, no vulnerability source).
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> int:
    run = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off", "--skip-editable"],
        capture_output=True, text=True, check=False,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print("pip-audit gave no report (is the vulnerability source reachable?):", file=sys.stderr)
        print(run.stderr.strip()[-2000:], file=sys.stderr)
        return 2
    rows = [(dep["name"], dep.get("version", "?"), vuln["id"], ", ".join(vuln.get("fix_versions") or []) or "-")
            for dep in report.get("dependencies", []) for vuln in dep.get("vulns", [])]
    print(f"{'package':<28} {'version':<12} {'vulnerability':<24} fixed in")
    for row in rows:
        print(f"{row[0]:<28} {row[1]:<12} {row[2]:<24} {row[3]}")
    fixable = [row for row in rows if row[3] != "-"]
    print(f"{len(report.get('dependencies', []))} packages, {len(rows)} known vulnerabilities, {len(fixable)} with a fix")
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main())
