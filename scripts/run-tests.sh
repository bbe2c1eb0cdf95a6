#!/bin/sh
# The suite after set-up: every task runs even when one fails (--continue), and the summary runs
# whatever happened, so its counts are the suite's and a report that never came is a failure too.
# The integration tests run the programs the set-up installed from the packages it built
# (/usr/sbin/ltsp-chroot, /usr/bin/ltsp-update-*: test/helpers/programs.ts), not the checkout's.
set -u
cd "$(dirname "$0")/.."
rm -rf test-results
export LTSP_UPDATE_TEST_PROGRAMS=installed
TURBO_TELEMETRY_DISABLED=1 turbo run lint typecheck test lint:test typecheck:test test:integration --continue
tasks=$?
node scripts/test-summary.mjs
summary=$?
[ "$tasks" -ne 0 ] && exit "$tasks"
exit "$summary"
