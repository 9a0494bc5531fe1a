#!/usr/bin/env bash
# End-to-end benchmark of the reprint binary on the shared research corpora:
# wall time and peak RSS of whole `reprint report` runs, median of $RUNS.
# Usage: scripts/bench-e2e.sh BIN DATA_DIR   (corpora that are absent are skipped)
set -euo pipefail
bin=${1:?binary}
data=${2:?data dir}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench() { # name format mb docs args...
  local name=$1 format=$2 mb=$3 docs=$4; shift 4
  : >"$tmp/wall"; : >"$tmp/rss"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$bin" report --quiet --format "$format" "$@" >/dev/null
    awk '{print $1}' "$tmp/t" >>"$tmp/wall"
    awk '{print $2}' "$tmp/t" >>"$tmp/rss"
  done
  local wall rss
  wall=$(median <"$tmp/wall")
  rss=$(median <"$tmp/rss")
  awk -v n="$name" -v f="$format" -v w="$wall" -v r="$rss" -v mb="$mb" -v d="$docs" -v runs="$runs" 'BEGIN {
    printf "| %s | %s | %.2f s | %.1f MB/s | %.0f docs/s | %.0f MB | %d |\n", n, f, w, mb / w, d / w, r / 1024, runs }'
}

echo "| corpus | format | wall (median) | text MB/s | docs/s | peak RSS (median) | runs |"
echo "|---|---|---|---|---|---|---|"
if [ -f "$data/reuters21578.jsonl.gz" ]; then
  for f in table json; do bench "Reuters-21578 (19,043 articles, 15.9 MB)" "$f" 15.9 19043 "$data/reuters21578.jsonl.gz"; done
fi
if [ -f "$data/pan13-text-alignment-train.tar.gz" ]; then
  tar xzf "$data/pan13-text-alignment-train.tar.gz" -C "$tmp"
  mb=$(cat "$tmp"/pan13-train/src/* "$tmp"/pan13-train/susp/* | wc -c | awk '{printf "%.1f", $1/1e6}')
  for f in table json; do bench "PAN 2013 src+susp (5,057 files, $mb MB)" "$f" "$mb" 5057 "$tmp/pan13-train/src" "$tmp/pan13-train/susp"; done
fi
if [ -f "$data/news-helsinki.jsonl.gz" ]; then
  bench "news-helsinki (612 articles, 2.7 MB)" table 2.7 612 "$data/news-helsinki.jsonl.gz"
fi
