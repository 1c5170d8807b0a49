#!/usr/bin/env bash
# cli_web_serve: the web application from the command line, end to end — `gongkai demo --db` builds the demo
# database (and refuses to overwrite one), `gongkai user add` reads the password from stdin and refuses weak ones,
# `gongkai serve` listens on a free port, answers the pages, the login of a demo user and of a new user, the
# dashboard and the portal, and stops cleanly on SIGTERM.
set -euo pipefail
BIN=${GONGKAI_BIN:?}
if ! command -v curl >/dev/null; then
    echo "curl is missing (scripts/install-deps.sh installs it)"
    exit 77
fi
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export GONGKAI_TEST_FAST_PASSWORD_HASH=1 # tests only: the demo users are hashed at libsodium's minimum cost

# ---- the demo database ----
"$BIN" demo --db "$work/demo.db" --today 2026-11-27 >"$work/demo.out"
grep -q "密码均为 gongkai-demo" "$work/demo.out" || fail "demo prints no logins"
for user in clerk head admin auditor clerk2 head2 supervisor; do
    grep -q "^  $user " "$work/demo.out" || fail "demo login $user not printed"
done
grep -q "示范县教育局：[0-9]* 件申请" "$work/demo.out" || fail "demo summary missing"
if grep -q "被拒绝" "$work/demo.out"; then fail "the register refused demo events"; fi
if "$BIN" demo --db "$work/demo.db" --today 2026-11-27 >/dev/null 2>"$work/err"; then fail "demo overwrote a database"; fi
grep -q "已存在" "$work/err" || fail "no message for an existing database"

# ---- users ----
if echo "short" | "$BIN" user add --db "$work/demo.db" --agency 2 --role clerk newbie 2>"$work/err"; then
    fail "a 5-character password was accepted"
fi
grep -q "至少需要 10 个字符" "$work/err" || fail "weak password message"
set +e
echo "long-enough-password" | "$BIN" user add --db "$work/demo.db" --agency 2 --role emperor newbie 2>/dev/null
[ $? -eq 64 ] || fail "an unknown role is a usage error"
set -e
echo "long-enough-password" | "$BIN" user add --db "$work/demo.db" --agency 2 --role clerk --name 新同事 newbie \
    >"$work/out" 2>/dev/null
grep -q "已添加用户 newbie" "$work/out" || fail "user add"
"$BIN" user list --db "$work/demo.db" >"$work/out"
grep -q "newbie .*clerk .*新同事 .*示范县教育局" "$work/out" || fail "user list"
if command -v sqlite3 >/dev/null; then
    stored=$(sqlite3 "$work/demo.db" "SELECT password_hash FROM users WHERE username='newbie'")
    case "$stored" in
        '$argon2id$'*) ;;
        *) fail "password not stored as an argon2id hash: $stored" ;;
    esac
fi

# ---- the server ----
"$BIN" serve --db "$work/demo.db" --listen 127.0.0.1:0 --today 2026-11-27 >"$work/serve.out" 2>&1 &
server=$!
port=
for _ in $(seq 300); do # up to 30 s: a loaded machine starts slowly
    port=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9]*\)/ 提供服务.*#\1#p' "$work/serve.out" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.out"; fail "serve did not print its port"; }
base="http://127.0.0.1:$port"

[ "$(curl -s "$base/healthz")" = '{"status":"ok"}' ] || fail "healthz"
curl -s -D "$work/h" -o "$work/index.html" "$base/"
grep -qi "^content-type: text/html; charset=utf-8" "$work/h" || fail "index content type"
grep -qi "^content-security-policy: default-src 'self'" "$work/h" || fail "CSP on the page"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/static/nothing.js")" = 404 ] || fail "unknown asset"
[ "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$base/static/../../etc/passwd")" = 404 ] || fail "traversal"

login() { # $1 user $2 password $3 cookie jar → csrf token on stdout
    curl -s -c "$3" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/session" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p'
}
csrf=$(login clerk gongkai-demo "$work/clerk.jar")
[ -n "$csrf" ] || fail "demo clerk cannot log in"
curl -s -b "$work/clerk.jar" "$base/api/v1/dashboard" >"$work/dashboard.json"
grep -q '"today":"2026-11-27"' "$work/dashboard.json" || fail "dashboard today"
grep -q '"pending_approvals":1' "$work/dashboard.json" || fail "the demo's pending approval"
grep -q '"waiting_correction":\[{' "$work/dashboard.json" || fail "the demo's case waiting for 补正"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/clerk.jar" -X DELETE "$base/api/v1/session")" = 403 ] ||
    fail "logout without CSRF"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/clerk.jar" -H "X-CSRF-Token: $csrf" -X DELETE "$base/api/v1/session")" = 200 ] ||
    fail "logout"
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/clerk.jar" "$base/api/v1/dashboard")" = 401 ] || fail "after logout"

[ -n "$(login newbie long-enough-password "$work/newbie.jar")" ] || fail "new user cannot log in"
curl -s -b "$work/newbie.jar" "$base/api/v1/me" >"$work/out"
grep -q '"display_name":"新同事"' "$work/out" || fail "me"
"$BIN" user disable --db "$work/demo.db" newbie >/dev/null
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "$work/newbie.jar" "$base/api/v1/me")" = 401 ] || fail "disabled user's session"

curl -s "$base/api/v1/public/reports" >"$work/out"
grep -q '"year":2025' "$work/out" || fail "published report on the portal"
curl -s "$base/api/v1/public/reports/2/2025" >"$work/out"
grep -q "示范县教育局2025年度政府信息公开工作年度报告" "$work/out" || fail "portal report page"

kill -TERM "$server"
wait "$server" || fail "serve did not exit cleanly"
server=
grep -q "正在停止" "$work/serve.out" || fail "no stop message"
echo "cli_web_serve: ok"
