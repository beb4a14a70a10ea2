#!/usr/bin/env bash
# Crash test with the shipped jar: a standalone broker, one `run` instance, POSTS posts published in chunks; the
# instance is killed with SIGKILL in the middle of them, restarted on the same data, and `verify` then checks the
# pipeline invariant to the record (every post decided or dead-lettered exactly once, every decision routed
# exactly once). Exit code 0 if the invariant holds.
#
#   mvn -q -B package -DskipTests && scripts/kill9-check.sh            # 50,000 posts
#   POSTS=10000 KILL_AT=3000 scripts/kill9-check.sh                     # smaller
#
# Environment: JAR (default stream-app/target/moderation.jar), POSTS (50000), KILL_AT (decided posts before the
# kill, default POSTS/3), KAFKA_PORT (19092), HTTP_PORT (18080), WORK (a fresh temporary directory, kept).
set -euo pipefail

JAR=${JAR:-stream-app/target/moderation.jar}
POSTS=${POSTS:-50000}
KILL_AT=${KILL_AT:-$((POSTS / 3))}
KAFKA_PORT=${KAFKA_PORT:-19092}
HTTP_PORT=${HTTP_PORT:-18080}
WORK=${WORK:-$(mktemp -d -t vigil-kill9.XXXXXX)}
BS=127.0.0.1:${KAFKA_PORT}
CHUNK=5000

[[ -f "$JAR" ]] || { echo "no $JAR: build it first (mvn -q -B package -DskipTests)" >&2; exit 2; }
mkdir -p "$WORK"
echo "work dir: $WORK"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

decided() { # posts counted by the running instance's /metrics (decisions + dead letters); 0 if not up
  curl -sf "http://127.0.0.1:${HTTP_PORT}/metrics" 2>/dev/null |
    awk '/^vigil_posts_total\{|^vigil_deadletters_total\{/ {s += $NF} END {printf "%d\n", s}' || echo 0
}

await_running() {
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:${HTTP_PORT}/health" 2>/dev/null | grep -q RUNNING; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited; see $1" >&2; tail -20 "$1" >&2; exit 1; }
    sleep 0.5
  done
  echo "app did not reach RUNNING; see $1" >&2; exit 1
}

start_app() {
  java -jar "$JAR" run --bootstrap-servers "$BS" --data-dir "$WORK/app" --http-port "$HTTP_PORT" > "$WORK/$1" 2>&1 &
  APP_PID=$!
  pids+=("$APP_PID")
  await_running "$WORK/$1"
}

# 1. The broker, on its own, so the app can die without it.
java -jar "$JAR" broker --port "$KAFKA_PORT" --data-dir "$WORK/kafka" > "$WORK/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/"$KAFKA_PORT") 2>/dev/null && break; sleep 0.5; done

# 2. The app.
start_app app-1.log
echo "app running (pid $APP_PID)"

# 3. The posts: our own sentences in Chinese and English, clean, fraud and prohibited offers (some with a contact,
#    which the policy blocks), and one malformed line in fifty (bad JSON, missing or mistyped field, not an object,
#    invalid UTF-8).
LC_ALL=C awk -v n="$POSTS" 'BEGIN {
  c[0] = "Had the best noodles at the night market near the river today."
  c[1] = "Our reading club meets on Thursday, new members welcome."
  c[2] = "今天在河边夜市吃到了最好吃的牛肉面。"
  c[3] = "雨终于停了，公园里又满是孩子们的笑声。"
  c[4] = "Looking for recommendations for a quiet cafe to study in."
  c[5] = "奶奶教我怎么包出漂亮的饺子。"
  b[0] = "老师带你炒股，内幕消息，稳赚不赔，快进投资理财群。"
  b[1] = "No credit check loan approved today, just pay the loan processing fee first."
  b[2] = "仿真枪出售，子弹出售，加微信 qiang8899 详聊。"
  b[3] = "Fake passport for sale, telegram @docs_fast, call 13812345678."
  b[4] = "收购银行卡，银行卡四件套，实名齐全价格高。"
  b[5] = "在家兼职刷单，日结佣金，加微信 shua5566，内幕消息稳赚不赔。"
  srand(7)
  for (i = 0; i < n; i++) {
    id = "k9-" i
    if (i % 50 == 7) {
      k = int(i / 50) % 5
      if (k == 0) printf "{\"postId\":\"%s\",\"authorId\":\"u%d\",\"text\":\"unterminated\n", id, i
      else if (k == 1) printf "{\"postId\":\"%s\",\"authorId\":\"u%d\"}\n", id, i
      else if (k == 2) printf "{\"postId\":\"%s\",\"authorId\":\"u%d\",\"text\":42}\n", id, i
      else if (k == 3) printf "[\"%s\"]\n", id
      else printf "{\"postId\":\"%s\",\"authorId\":\"u%d\",\"text\":\"bad %c( bytes\"}\n", id, i, 195
      continue
    }
    t = ""
    m = 1 + int(rand() * 4)
    for (j = 0; j < m; j++) t = t (j ? " " : "") c[int(rand() * 6)]
    if (rand() < 0.12) t = t " " b[int(rand() * 6)]
    printf "{\"postId\":\"%s\",\"authorId\":\"u%d\",\"text\":\"%s\",\"channel\":\"timeline\"}\n", id, int(rand() * 5000), t
  }
}' > "$WORK/posts.jsonl"
split -l "$CHUNK" -d -a 3 "$WORK/posts.jsonl" "$WORK/chunk."

# 4. Publish chunk by chunk in the background; kill the app with SIGKILL once KILL_AT posts are decided.
(
  for f in "$WORK"/chunk.*; do
    java -jar "$JAR" publish --bootstrap-servers "$BS" --topic posts.submitted --file "$f" 2>> "$WORK/publish.log"
    sleep 1
  done
) &
PUBLISHER=$!
pids+=("$PUBLISHER")

while (( $(decided) < KILL_AT )); do sleep 0.2; done
kill -9 "$APP_PID"
echo "SIGKILL sent to the app at $(date +%T) with about $KILL_AT of $POSTS posts decided"
sleep 3

# 5. Restart the same instance; the rest of the posts keep coming.
start_app app-2.log
echo "app restarted (pid $APP_PID)"
wait "$PUBLISHER"
echo "all $POSTS posts published"

# 6. The invariant, on committed data.
java -jar "$JAR" verify --bootstrap-servers "$BS" --wait 600 | tee "$WORK/verify.txt"
