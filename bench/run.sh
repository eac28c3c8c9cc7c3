#!/usr/bin/env bash
# `npm run bench [-- <scenario> [size]]`: raises the open-files limit for 10,000 sockets, then runs the benchmark.
set -e
cd "$(dirname "$0")/.."
hard=$(ulimit -Hn)
if [ "$hard" = "unlimited" ] || [ "$hard" -ge 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
exec node bench/run.mjs "$@"
