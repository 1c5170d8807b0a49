#!/usr/bin/env bash
# run: what the README's run command does after installing and building: creates the demo database gongkai.db
# unless it exists (a county government over two departments, a user for every role, their work since 1 January
# of last year: `gongkai demo --db`), then serves the web application — staff workspace, supervisor view, public
# portal, JSON API — on http://127.0.0.1:8080 and prints the URL and the demo logins. Ctrl-C stops it.
set -euo pipefail
build=${1:-build}
db=${GONGKAI_DB:-gongkai.db}
listen=${GONGKAI_LISTEN:-127.0.0.1:8080}
bin="$build/gongkai"

if [ -e "$db" ]; then
    echo "使用已有的数据库 $db（删除它再运行 make run 可重新生成演示数据）。其中的用户："
    "$bin" user list --db "$db"
    echo "（由 gongkai demo 建立的演示用户，密码均为 gongkai-demo）"
else
    "$bin" demo --db "$db"
fi
echo
echo "网址：  工作人员工作台 http://$listen/    公众门户 http://$listen/portal"
echo "        JSON API http://$listen/api/v1（见 docs/api.md）"
echo
exec "$bin" serve --db "$db" --listen "$listen"
