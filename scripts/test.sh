#!/usr/bin/env bash
# Runs every check of the repository: formatting, vet, the race-enabled
# tests of the core module, a short run of every fuzz target, and the
# nested modules (the PostgreSQL store against a throwaway cluster, and the
# peer benchmarks, compiled and run once). README.md gives this command and
# .ci/run runs it.
#
# FUZZTIME sets each fuzz target's run (default 4s); PGTEST=skip skips the
# PostgreSQL tests on a machine that cannot install PostgreSQL (CI never
# skips them).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "tracked files: no executable binaries, none over 1 MiB outside testdata/"
# Executables are recognised by their magic numbers (ELF, Mach-O, PE), so
# that the check needs nothing beyond coreutils.
tracked=$(git ls-files -z | while IFS= read -r -d '' f; do
	[ -f "$f" ] || continue
	case $(head -c 4 "$f" | od -An -tx1 | tr -d ' \n') in
	7f454c46 | feedface | feedfacf | cefaedfe | cffaedfe | cafebabe | 4d5a*)
		echo "$f: an executable binary"
		continue
		;;
	esac
	case /$f in */testdata/*) continue ;; esac
	[ "$(wc -c <"$f")" -le 1048576 ] || echo "$f: larger than 1 MiB"
done)
if [ -n "$tracked" ]; then
	echo "tracked files that belong in no commit:" >&2
	echo "$tracked" >&2
	exit 1
fi

step "vet and race tests of the core module"
go vet ./... && go test -race ./...

step "fuzz targets, ${FUZZTIME:-4s} each"
# Each run starts from the committed seeds only, in a corpus directory of
# its own: a large corpus cached by longer runs would take longer to replay
# than a short run lasts.
fuzzdir=$(mktemp -d)
trap 'rm -rf "$fuzzdir"' EXIT
# go test -list prints a package's matching names, then its "ok" line.
go test -list '^Fuzz' ./... | awk '
	/^Fuzz/ { names[n++] = $1; next }
	/^ok/   { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }
' | while read -r pkg name; do
	echo "$name ($pkg)"
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "${FUZZTIME:-4s}" -fuzzminimizetime 100x "$pkg" \
		-args -test.fuzzcachedir="$fuzzdir/$name" >"$fuzzdir/log" 2>&1 || {
		cat "$fuzzdir/log" >&2
		exit 1
	}
done

for mod in internal/bench/peers; do
	if [ -f "$mod/go.mod" ]; then
		step "module $mod: vet, tests, benchmarks once"
		(cd "$mod" && go vet ./... && go test -run . -bench . -benchtime 1x ./...)
	fi
done

step "module webhook/pgstore against PostgreSQL"
if [ "${PGTEST:-}" = skip ] && [ "${CI:-}" != true ]; then
	echo "skipped (PGTEST=skip)"
else
	bash .ci/pgtest.sh
fi
