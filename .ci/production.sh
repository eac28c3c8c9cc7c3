#!/usr/bin/env bash
# The production image, tested without Docker: the Dockerfile's build steps in a clean copy of the committed tree
# (npm ci, npm run build, npm prune --omit=dev), then only what the image's runtime stage copies (node_modules,
# dist, web/dist, package.json, schema.graphql), started exactly as its CMD with NODE_ENV=production on
# PostgreSQL + Redis, and smoke-tested by scripts/smoke.mjs (register, login, send, receive on graphql-ws, /healthz).
# Usage: .ci/production.sh <postgres base url> <redis url>; the node on PATH is the image's Node.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="$1"
REDIS="$2"
WORK="$(mktemp -d)"
SERVER_PID=""
DB="parley_ci_prod_$$"
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
echo "node $(node --version) in $WORK"

# The build stage: a clean copy of the committed tree (no node_modules, no dist, no local files).
git clone -q --no-hardlinks . "$WORK/build"
git -C . diff --quiet HEAD || echo "note: uncommitted changes are not part of this build (it uses HEAD)"
(
  cd "$WORK/build"
  npm ci --no-fund --no-audit --prefer-offline
  npm run build
  npm prune --omit=dev --no-fund --no-audit
)

# The runtime stage: exactly the files the Dockerfile copies.
APP="$WORK/app"
mkdir -p "$APP/web"
cp -a "$WORK/build/node_modules" "$WORK/build/dist" "$WORK/build/package.json" "$WORK/build/schema.graphql" "$APP/"
cp -a "$WORK/build/web/dist" "$APP/web/dist"
# The smoke test runs from the app folder, so it resolves ws and graphql-ws from the pruned node_modules.
cp scripts/smoke.mjs "$APP/smoke.mjs"
[ -f "$APP/web/dist/graphiql.html" ] && [ -f "$APP/web/dist/reference/index.html" ] || { echo "the build made no /graphiql page or /reference"; exit 1; }
if [ -d "$APP/node_modules/typescript" ] || [ -d "$APP/node_modules/jest" ]; then echo "devDependencies survived npm prune"; exit 1; fi

psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $DB" -qc "CREATE DATABASE $DB"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
CMD="$(node -e 'const f=require("fs").readFileSync("Dockerfile","utf8");const m=[...f.matchAll(/^CMD (\[.*\])$/gm)].pop();console.log(JSON.parse(m[1]).slice(2).join(" "))')"
echo "CMD: $CMD (port $PORT)"
(
  cd "$APP"
  exec setsid env -i PATH="$PATH" HOME="$WORK" NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 \
    DATABASE_URL="${PG_URL%/*}/$DB" REDIS_URL="$REDIS" JWT_SECRET="$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64"))')" \
    LOG_LEVEL=info sh -c "$CMD"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$PORT/healthz"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "the production server exited:"; cat "$WORK/server.log"; exit 1; fi
  sleep 1
done
if ! (cd "$APP" && SMOKE_EXPECT_DATABASE=postgresql SMOKE_EXPECT_PUBSUB=redis node smoke.mjs "http://127.0.0.1:$PORT"); then
  echo "server log:"; tail -50 "$WORK/server.log"; exit 1
fi
echo "production tree: $(du -sh "$APP/node_modules" | cut -f1) of node_modules"
