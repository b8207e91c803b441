#!/usr/bin/env bash
# Runs every check of the repository: formatting, that no tracked file is a
# binary or too large, go vet and staticcheck in every module that git
# tracks, the race-enabled tests of the core
# module, a short run of every fuzz target, the tests of every nested module
# (benchmarks compiled and run once), and the PostgreSQL store against a
# throwaway cluster. README.md gives this command and .ci/run runs it.
#
# FUZZTIME sets each fuzz target's run (default 4s); PGTEST=skip skips the
# PostgreSQL tests on a machine that cannot install PostgreSQL (CI never
# skips them). staticcheck is installed at the pinned version below, through
# the module proxy, unless GOBIN (or GOPATH/bin) holds that version already.
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

# Every module that git tracks: the root, webhook/pgstore, and any added later.
modules=$(git ls-files '*go.mod' | xargs -n1 dirname | sort)

staticcheck_version=v0.8.2 # honnef.co/go/tools; 0.8 supports Go 1.26
gobin=$(go env GOBIN)
staticcheck=${gobin:-$(go env GOPATH | cut -d: -f1)/bin}/staticcheck
if ! "$staticcheck" -version 2>/dev/null | grep -qF "(${staticcheck_version#v})"; then
	step "installing staticcheck $staticcheck_version"
	GOBIN=$(dirname "$staticcheck") GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
fi

for mod in $modules; do
	step "module $mod: go vet and staticcheck"
	(cd "$mod" && go vet ./... && "$staticcheck" ./...)
done

step "race tests of the core module"
go test -race ./...

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
	fuzz() {
		go test -run '^$' -fuzz "^${name}\$" -fuzztime "$1" -fuzzminimizetime 100x "$pkg" \
			-args -test.fuzzcachedir="$fuzzdir/$name" >"$fuzzdir/log" 2>&1
	}
	fuzz "${FUZZTIME:-4s}" && continue
	# On a busy machine the run can end before the fuzzer has read its
	# seeds, which go test reports as "context deadline exceeded" without
	# a failing input; only that is tried once more, with more time.
	if grep -q 'context deadline exceeded' "$fuzzdir/log" && ! grep -q 'Failing input' "$fuzzdir/log"; then
		echo "  the run ended before the seeds were read; once more for 20s"
		fuzz 20s && continue
	fi
	cat "$fuzzdir/log" >&2
	exit 1
done

# The nested modules, but for webhook/pgstore, which needs the cluster below.
for mod in $modules; do
	case $mod in .|webhook/pgstore) continue ;; esac
	step "module $mod: race tests, benchmarks once"
	(cd "$mod" && go test -race -run . -bench . -benchtime 1x ./...)
done

step "module webhook/pgstore against PostgreSQL"
if [ "${PGTEST:-}" = skip ] && [ "${CI:-}" != true ]; then
	echo "skipped (PGTEST=skip)"
else
	bash .ci/pgtest.sh
fi
