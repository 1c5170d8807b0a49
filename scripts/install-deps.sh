#!/usr/bin/env bash
# install-deps: installs the Debian 12 packages gongkai needs to build, test, fuzz and run (as root).
# Does nothing for packages already present; runs `apt-get update` only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libjansson-dev libutf8proc-dev libxml2-dev libpoppler-glib-dev libzip-dev libxlsxwriter-dev
  libsqlite3-dev libpq-dev libmicrohttpd-dev libsodium-dev libcmocka-dev
  poppler-utils sqlite3 python3 time curl wrk
  chromium nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "依赖已齐全。"
  exit 0
fi

echo "安装缺少的软件包: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "需要 root 权限安装软件包（或先手动安装上述包）。" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
