#!/usr/bin/env bash
# cli_browser: the browser tests of the staff workspace and the public portal (tests/browser/*.test.mjs) in
# Debian's chromium, driven by playwright-core from npm (never a downloaded browser), against a `gongkai serve`
# the tests start on a demo database. Installs what is missing when it can: chromium (apt-get, as root),
# node and npm (apt-get), playwright-core (npm ci in tests/browser). When the browser or node cannot be had it
# says why and exits 77 (skipped). Screenshots go to tests/artifacts/.
set -u
BIN=${GONGKAI_BIN:?GONGKAI_BIN is not set}
SOURCE_DIR=${GONGKAI_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
DIR=$SOURCE_DIR/tests/browser
CHROMIUM=${GONGKAI_CHROMIUM:-/usr/bin/chromium}

skip() { echo "浏览器测试跳过：$*" >&2; exit 77; }

# The pages are embedded in the binary: a page changed without regenerating src/web/assets_data.c would be tested
# here but never served.
if command -v python3 >/dev/null && ! python3 "$SOURCE_DIR/scripts/embed-assets.py" --check "$SOURCE_DIR"; then
  echo "FAIL: src/web/assets_data.c 与 src/web/assets/ 不一致：请运行 python3 scripts/embed-assets.py 并一起提交。" >&2
  exit 1
fi

apt_updated=0
apt_install() {
  [ "$(id -u)" -eq 0 ] || return 1
  command -v apt-get >/dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  if [ $apt_updated -eq 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || return 1
    apt_updated=1
  fi
  echo "安装 $*（apt-get）…" >&2
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

if [ ! -x "$CHROMIUM" ]; then
  apt_install chromium || true
  [ -x "$CHROMIUM" ] || skip "没有 $CHROMIUM，也无法用 apt-get 安装 chromium（需要 root 权限和 Debian 软件源）。"
fi
if ! command -v node >/dev/null; then
  apt_install nodejs || true
  command -v node >/dev/null || skip "没有 node，也无法用 apt-get 安装 nodejs。"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 18 ] || skip "node $(node --version 2>/dev/null) 太旧：需要 18 或更新版本（内置测试运行器）。"

if [ ! -d "$DIR/node_modules/playwright-core" ]; then
  if ! command -v npm >/dev/null; then
    apt_install npm || true
    command -v npm >/dev/null || skip "没有 npm，无法安装 playwright-core。"
  fi
  echo "安装 playwright-core（npm，在 tests/browser）…" >&2
  ( cd "$DIR" && export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 &&
    { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; } ) >&2 ||
    skip "无法从 npm 安装 playwright-core。"
fi

# The browser must start here (a sandboxed container may refuse it): say so plainly instead of failing later.
probe=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-chromium-probe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
if ! timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
     --disable-component-update --disable-sync --user-data-dir="$probe" --dump-dom about:blank >/dev/null 2>"$probe/err"; then
  sed -n 1,5p "$probe/err" >&2
  skip "$CHROMIUM 无法以无头模式启动。"
fi

rm -rf "$probe"
trap - EXIT

cd "$DIR" || exit 1
export GONGKAI_BIN="$BIN" GONGKAI_CHROMIUM="$CHROMIUM"
tests=(./*.test.mjs)
if ! "$BIN" serve --help >/dev/null 2>&1; then
  echo "注意：$BIN 没有 serve 子命令，只运行不需要服务器的测试（units）。" >&2
  tests=(./units.test.mjs)
fi
exec node --test --test-concurrency=1 --test-reporter=spec "${tests[@]}"
