#!/usr/bin/env bash
# Runs the core benchmarks and the peers benchmarks (internal/bench/peers)
# in several rounds and prints the ratio table that the README shows, with
# its targets and the machine it ran on: decoding against encoding/json
# with validator/v10 ("std"), ServeHTTP against a hand-rolled net/http
# handler and against the floor (HMAC-SHA256 + json.Valid), a loopback load
# test, the heap per in-flight delivery and per remembered id, and
# verification against the Svix and Standard Webhooks libraries.
#
#   scripts/bench.sh                  # 8 rounds of 0.3s per benchmark, 1s for the load
#   ROUNDS=9 BENCHTIME=1s LOADTIME=3s scripts/bench.sh
#   OUT=/tmp/bench scripts/bench.sh   # keep the raw output for benchstat
#
# Each round runs every benchmark once; the table shows the median ratio
# over the rounds with the lowest and highest. On a busy machine, raise
# ROUNDS.
set -euo pipefail

cd "$(dirname "$0")/.."

rounds=${ROUNDS:-8}
benchtime=${BENCHTIME:-0.3s}
loadtime=${LOADTIME:-1s} # BenchmarkLoad's, for three receivers
if [[ -n ${OUT:-} ]]; then
	out=$OUT
	mkdir -p "$out"
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

echo "Building test binaries..." >&2
go test -c -o "$out/core.test" .
(cd internal/bench/peers && go test -c -o "$out/peers.test" .)
go test -c -o "$out/contract.test" ./contract

flags=(-test.run='^$' -test.benchmem -test.benchtime="$benchtime")
# stolen prints the CPU time that the hypervisor has taken from this
# machine, in clock ticks, where Linux tells (the steal column of
# /proc/stat), and the ticks in all.
stolen() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print $9 + 0, t; exit }' /proc/stat 2>/dev/null || echo "0 0"; }
read -r steal0 total0 < <(stolen)
files=()
for i in $(seq 1 "$rounds"); do
	echo "Round $i of $rounds..." >&2
	f="$out/round-$i.txt"
	: >"$f"
	# One body at a time, so that the two sides of each ratio run seconds
	# apart, whatever else the machine is doing.
	for body in listing contract disbursement largest-aws largest-azure largest-gcp; do
		"$out/core.test" "${flags[@]}" -test.bench="/^$body\$" >>"$f"
		(cd internal/bench/peers && "$out/peers.test" "${flags[@]}" -test.bench="/^$body\$") >>"$f"
	done
	# The load generator, whose receivers take turns within one run, and
	# the heap measurements, one receiver after another.
	(cd internal/bench/peers && "$out/peers.test" "${flags[@]}" -test.benchtime="$loadtime" -test.bench='^BenchmarkLoad$') >>"$f"
	(cd internal/bench/peers && "$out/peers.test" "${flags[@]}" -test.bench='^BenchmarkHeap') >>"$f"
	# Contract state: folding a history, and Watch on a Handler.
	"$out/contract.test" "${flags[@]}" -test.bench='^Benchmark(Apply|Watch)$' >>"$f"
	files+=("$f")
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "Machine: $(go version | cut -d' ' -f3-), $(nproc) CPUs, ${cpu:-unknown CPU}; $rounds rounds of -benchtime $benchtime ($loadtime for the load); $(date -u +%Y-%m-%d)"
read -r steal1 total1 < <(stolen)
if ((total1 > total0)); then
	echo "CPU time stolen by the hypervisor during the run: $(((steal1 - steal0) * 100 / (total1 - total0)))%"
fi
echo
go run ./internal/bench/ratio "${files[@]}"
if [[ -n ${OUT:-} ]]; then
	echo "Raw output: $out" >&2
fi
