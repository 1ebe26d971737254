# Shared by scripts/demo and scripts/test: a virtualenv in .venv with hoanhap and its dependencies.
# Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

need_debian_packages() {
  # need_debian_packages PACKAGE... : install what is missing, or say exactly what to install.
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; }; then
    echo "Could not install ${missing[*]}. Run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "hoanhap needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))." >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv 2>/dev/null || {
    command -v dpkg-query >/dev/null && need_debian_packages python3-venv
    rm -rf .venv; "$PYTHON" -m venv .venv; }
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${HOANHAP_EXTRAS:-base}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${HOANHAP_EXTRAS:+[$HOANHAP_EXTRAS]}"
  rm -f .venv/.installed-*; touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
