#!/usr/bin/env bash
# Make sure the Debian packages a make target needs are present.
# As root it installs what is missing with apt-get; otherwise it says exactly what to install.
# Usage: scripts/system-deps.sh python-venv postgresql chromium espeak
set -euo pipefail

declare -A PACKAGES=(
  [python-venv]="python3-venv"
  [postgresql]="postgresql"
  [chromium]="chromium fonts-noto-cjk"
  [espeak]="espeak-ng sox"
  [sipp]="sip-tester"
)

present() {
  case "$1" in
    python-venv) python3 -c 'import ensurepip, venv' 2>/dev/null ;;
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ;;
    chromium) [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/opentype/noto ] ;;
    espeak) command -v espeak-ng >/dev/null && command -v sox >/dev/null ;;
    sipp) command -v sipp >/dev/null ;;
    *) echo "system-deps: unknown capability '$1'" >&2; exit 2 ;;
  esac
}

missing=()
for capability in "$@"; do
  present "$capability" || missing+=(${PACKAGES[$capability]})
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
