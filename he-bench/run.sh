#!/usr/bin/env bash
# Builds the benchmark jar and runs it: he-bench/run.sh [options]   (default options: --markdown)
#   he-bench/run.sh --preset N8192_DEPTH3 --threads 1,2 --iterations 15 --warmup 5 --markdown
#   java -jar he-bench/target/he-bench.jar --help
# Results go to stdout, progress to stderr. Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package -pl he-bench -am >&2
if [ "$#" -eq 0 ]; then
  set -- --markdown
fi
exec java -jar he-bench/target/he-bench.jar "$@"
