#!/usr/bin/env bash
# Supply chain: known vulnerabilities in the locked dependencies.
#
# Runs pip-audit over requirements.lock against PyPI's vulnerability data
# (the OSV-backed JSON API of pypi.org; needs network to pypi.org only).
# Installs pip-audit into .venv when it is missing. Exit code: 0 when no
# known vulnerability, 1 when some are found, 2 when nothing could be checked
# (service unreachable, or every package skipped), 3 when none was found but
# some packages could not be checked (so CI can tell "vulnerable" from
# "could not check").
#
#   bash scripts/audit.sh            # table
#   bash scripts/audit.sh --json     # pip-audit's JSON
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if ! "$VENV/bin/pip-audit" --version >/dev/null 2>&1; then
    "$VENV/bin/pip" install -q pip-audit || { echo "audit: cannot install pip-audit" >&2; exit 2; }
fi
format=columns
[[ "${1:-}" == "--json" ]] && format=json
# --no-deps: the lock already pins the whole tree; --disable-pip: audit the
# pins as written, without resolving them in a scratch environment.
out=$("$VENV/bin/pip-audit" -r requirements.lock --no-deps --disable-pip --vulnerability-service pypi \
      --progress-spinner off --desc on -f "$format" 2>&1)
rc=$?
echo "$out"
if [[ $rc -ne 0 ]] && grep -qiE "connection|timed out|resolve host|network|HTTPError|Max retries" <<<"$out"; then
    echo "audit: the vulnerability service could not be reached; nothing was checked" >&2
    exit 2
fi
# "No known vulnerabilities found" means nothing when packages were skipped:
# pip-audit skips a pin whose https://pypi.org/pypi/<name>/<version>/json
# answers 404 (a mirror without the per-release API does that for all).
pins=$(grep -cE '^[A-Za-z0-9_.-]+==' requirements.lock)
skipped=$(grep -c "could not be audited" <<<"$out")
if [[ $skipped -gt 0 ]]; then
    echo "audit: $skipped of $pins pinned packages could not be audited (see the skip reasons above)" >&2
    [[ $skipped -ge $pins ]] && { echo "audit: nothing was checked" >&2; exit 2; }
    [[ $rc -eq 0 ]] && exit 3
fi
exit $rc
