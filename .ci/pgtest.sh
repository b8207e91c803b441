#!/usr/bin/env bash
# Runs the webhook/pgstore module's vet and tests against a throwaway
# PostgreSQL cluster. It installs PostgreSQL from Debian's packages if its
# server binaries are missing, creates a cluster in a temporary directory
# owned by a non-root user, listening only on a Unix socket in that
# directory (no TCP port at all), exports PGSTORE_TEST_DSN, runs the tests,
# and stops and removes the cluster on exit, whatever happened.
#
# Arguments that start with a dash go to `go test`, as in
#   .ci/pgtest.sh -run Load -v
# Otherwise they are a command to run instead, in webhook/pgstore with
# PGSTORE_TEST_DSN set, as in
#   .ci/pgtest.sh go test -run '^$' -bench . -benchmem
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

find_bin() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
		fi
	done | sort -V | tail -n 1
}

bin=$(find_bin)
if [ -z "$bin" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "pgtest: PostgreSQL is not installed and installing it needs root" >&2
		exit 1
	fi
	echo "pgtest: installing PostgreSQL from Debian's packages"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# Only the binaries are needed. Where no policy-rc.d says otherwise,
	# the package would start its own cluster on port 5432 and leave it
	# running: forbid service starts for the length of the install.
	policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		policy=/usr/sbin/policy-rc.d
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		trap 'rm -f "$policy"' EXIT
	fi
	apt-get install -y -q --no-install-recommends postgresql
	if [ -n "$policy" ]; then
		rm -f "$policy"
		trap - EXIT
	fi
	bin=$(find_bin)
	if [ -z "$bin" ]; then
		echo "pgtest: no initdb and pg_ctl under /usr/lib/postgresql/*/bin after install" >&2
		exit 1
	fi
fi
echo "pgtest: using $("$bin/postgres" --version)"

# PostgreSQL refuses to run as root: run the cluster as the postgres system
# user the package creates, or as the current user when that is not root.
if [ "$(id -u)" -eq 0 ]; then
	runas=postgres
	if ! id "$runas" >/dev/null 2>&1; then
		useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$runas"
	fi
	as_user() { runuser -u "$runas" -- "$@"; }
else
	runas=$(id -un)
	as_user() { "$@"; }
fi

# A short path: a Unix socket's path must fit in 107 bytes.
dir=$(mktemp -d /tmp/pgtest.XXXXXX)
data=$dir/data
cleanup() {
	local rc=$?
	if [ -f "$data/postmaster.pid" ]; then
		as_user "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chown "$runas" "$dir"
chmod 700 "$dir"

as_user "$bin/initdb" -D "$data" -U postgres --auth=trust --no-sync \
	--encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}

# Durability is of no use to a cluster removed at exit: fsync is off to
# spare the disk. listen_addresses is empty, so the server opens no TCP
# port; the socket directory is readable by its owner (and root) only.
if ! as_user "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start -o "\
 -c listen_addresses='' \
 -c unix_socket_directories='$dir' \
 -c unix_socket_permissions=0700 \
 -c max_connections=100 \
 -c fsync=off \
 -c synchronous_commit=off \
 -c full_page_writes=off" >/dev/null; then
	cat "$dir/server.log" >&2
	exit 1
fi

export PGSTORE_TEST_DSN="host=$dir port=5432 user=postgres dbname=postgres sslmode=disable"
echo "pgtest: cluster up at $dir"

cd "$root/webhook/pgstore"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	"$@"
else
	go vet ./...
	go test -race "$@" ./...
fi
