#!/usr/bin/env bash
# Fuzzes `oversight serve --demo` with schemathesis against the OpenAPI documents it serves:
#   1. the JSON API (GET /api/v1/openapi.json), anonymous;
#   2. the JSON API signed in (an officer's API token, `Authorization: Bearer`);
#   3. the HTML forms (GET /api/v1/openapi.json?surface=forms), signed in with a session cookie and the
#      session's CSRF token (forms_auth.py), once as a researcher (evidence editing) and once as an officer
#      (the permit workflow's forms).
# Fails on any 5xx, and on any answer the document does not describe (status, content type, JSON schema).
#
# Usage: Tests/api-fuzz/run.sh [BIN]   (BIN: the oversight executable, default .build/debug/oversight)
# Environment: FUZZ_MAX_EXAMPLES (default 30 per operation), FUZZ_SEED (default 1),
#              SCHEMATHESIS_VENV (where schemathesis is installed; made with pip when missing).
set -euo pipefail
bin=${1:-.build/debug/oversight}
if [ -n "${1:-}" ]; then bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); fi
cd "$(dirname "$0")/../.."
examples=${FUZZ_MAX_EXAMPLES:-30}
seed=${FUZZ_SEED:-1}
version=4.32.5
venv=${SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/oversight-schemathesis-$version}
python=$(command -v python3)
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    echo "installing schemathesis $version into $venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$version"
fi

work=$(mktemp -d)
server_pid=""
stop() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap stop EXIT
db="$work/fuzz.sqlite"
password="fuzz-password-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$password" | "$bin" user add fuzz-officer --role officer --db "$db" >/dev/null
printf '%s\n' "$password" | "$bin" user add fuzz-researcher --role researcher --db "$db" >/dev/null
token=$("$bin" user token fuzz-officer --label fuzz --db "$db")
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
LOG_LEVEL=warning "$bin" serve --db "$db" --demo --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
    if "$python" -c "import urllib.request; urllib.request.urlopen('$base/healthz', timeout=1)" 2>/dev/null; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then echo "the server did not start:"; cat "$work/server.log"; exit 1; fi
    sleep 0.2
done

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
status=0
fuzz() {
    local name=$1; shift
    echo "== schemathesis: $name"
    # From the temporary folder, so schemathesis's own files (.schemathesis/) stay out of the work tree.
    if ! (cd "$work" && "$venv/bin/schemathesis" run --checks "$checks" --max-examples "$examples" --seed "$seed" --workers 2 \
        --url "$base" --generation-database none --no-color "$@"); then
        status=1
    fi
}
fuzz "JSON API, anonymous" "$base/api/v1/openapi.json"
fuzz "JSON API, signed in (officer token)" "$base/api/v1/openapi.json" -H "Authorization: Bearer $token"
# Signing out would end the session the hooks signed in; signing in is fuzzed anonymously above as an API route
# would be, and here only through the hooks.
for user in fuzz-researcher fuzz-officer; do
    FUZZ_BASE_URL=$base FUZZ_USER=$user FUZZ_PASSWORD=$password PYTHONPATH="$PWD/Tests/api-fuzz" SCHEMATHESIS_HOOKS=forms_auth \
        fuzz "HTML forms, signed in ($user, session cookie + CSRF token)" "$base/api/v1/openapi.json?surface=forms" \
        --exclude-path /signout --exclude-path /signin
done
if grep -q "request failed" "$work/server.log"; then
    echo "== the server logged failures:"; grep "request failed" "$work/server.log" | head -20
    status=1
fi
if [ "$status" -ne 0 ]; then echo "== server log (tail)"; tail -n 40 "$work/server.log"; fi
exit "$status"
