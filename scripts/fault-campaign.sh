#!/usr/bin/env bash
# Fault campaign on a replicated cluster: three KRaft nodes (`moderation broker --nodes 3`' s nodes, each its own
# JVM), every topic with 3 replicas and min.insync.replicas 2, app instances as child JVMs, one long stream of
# posts, and faults one after another while it flows. After each fault the full invariant is checked on everything
# committed so far (what `verify` checks: every post decided or dead-lettered exactly once, each decision routed
# exactly once; and what `evidence verify` checks: evidence = reports = blocks, hash chains whole, keys stored).
# Runs the test class dev.vigil.app.fault.ReplicatedFaultTest, which drives the faults.
#
#   scripts/fault-campaign.sh                         # every fault once
#   scripts/fault-campaign.sh --campaign 30           # 30 faults drawn at random
#   scripts/fault-campaign.sh --faults leader_kill,zombie_app
#
# Faults: leader_kill (SIGKILL of posts.submitted-0's leader, restarted after 5-30 s), controller_kill (SIGKILL of
# the active KRaft controller), rolling_restart (SIGTERM and start of each node in turn, waiting for the ISR),
# scale_apps (instances 1 -> 3 -> 1, one SIGKILLed), zombie_app (an instance SIGSTOPped 20 s, past
# session.timeout.ms, then resumed while another took its work), disk_full (a node's data dir on a 384 MiB tmpfs
# filled, then freed; needs root to mount, skipped otherwise); by name only (not in `all` nor drawn by --campaign):
# isr_starved (a node stopped and posts.quarantined's min.insync.replicas raised to 3 for 160 s, past the app
# producer's 120 s delivery timeout: the batch must expire, the transaction abort and the invariant hold; run it
# at a lower RATE, e.g. 60, so that the app catches up in the test's 5 minutes).
#
# Environment: POSTS (posts per fault, default 3000), RATE (posts/s, default 250), SEED (random faults and
# downtimes; default: time), SYNC_MINUTES (how long a restarted node may take to bring every replica back in sync,
# default 10: a loaded machine replaying a long campaign needs more than the test's own 3), LOG (default: a fresh
# file under /tmp), KEEP_LOGS (where the apps' and nodes' own logs are copied at the end, default LOG's name with
# .d instead of .log; the test's temporary directory goes), MINUTES (time budget: no fault starts after it, and
# the last line says how many of the planned faults ran; default none), DISK_MIB (the disk_full node's tmpfs, which
# it keeps all run, default 2048: 384 filled up with a 100,000-post campaign's own data), TXV (the nodes'
# transaction.version feature level at format, e.g. 1; default the release's). Exit code 0 if the
# invariant held every time.
set -euo pipefail
cd "$(dirname "$0")/.."

FAULTS=all
CAMPAIGN=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --campaign) CAMPAIGN=$2; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
POSTS=${POSTS:-3000}
RATE=${RATE:-250}
SEED=${SEED:-$(date +%s)}
SYNC_MINUTES=${SYNC_MINUTES:-10}
LOG=${LOG:-$(mktemp -t vigil-fault-campaign.XXXXXX.log)}
KEEP_LOGS=${KEEP_LOGS:-${LOG%.log}.d}

props=(-Dvigil.fault.cluster.posts="$POSTS" -Dvigil.fault.cluster.rate="$RATE" -Dvigil.fault.cluster.seed="$SEED"
  -Dvigil.fault.cluster.syncMinutes="$SYNC_MINUTES" -Dvigil.fault.keepLogs="$KEEP_LOGS"
  -Dvigil.fault.cluster.minutes="${MINUTES:-0}" -Dvigil.fault.cluster.diskMiB="${DISK_MIB:-2048}")
if [[ -n "${TXV:-}" ]]; then
  if ! [[ "$TXV" =~ ^[0-9]+$ ]]; then
    echo "TXV must be a transaction.version feature level such as 1 or 2, not '$TXV'" >&2
    exit 2
  fi
  props+=(-Dvigil.broker.transactionVersion="$TXV")
fi
if [[ -n "$CAMPAIGN" ]]; then
  props+=(-Dvigil.fault.cluster.campaign="$CAMPAIGN")
else
  props+=(-Dvigil.fault.cluster.faults="$FAULTS")
fi
echo "log: $LOG (seed $SEED; apps' and nodes' logs kept in $KEEP_LOGS)"
set +e
mvn -o -B -pl stream-app -am test -Dtest=ReplicatedFaultTest -Dsurefire.failIfNoSpecifiedTests=false \
  -DtrimStackTrace=false "${props[@]}" > "$LOG" 2>&1
rc=$?
set -e
grep -E '^\[ *[0-9.]+ s\]|^FAULT|^CAMPAIGN|^inputs|^published|^invariant|INVARIANT|^seed|^logs kept|Tests run:|FAIL' "$LOG" || true
exit $rc
