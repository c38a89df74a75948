#!/usr/bin/env bash
# Prints the path of an rqlited v8.43.4: the one on PATH if it is that
# version, else one built from the pinned module source into a cache outside
# the clone. v9 is not open source, so another version on PATH is never used:
# it is named on stderr and the pinned one is built instead.
set -euo pipefail

version=v8.43.4
module=github.com/rqlite/rqlite/v8

if found=$(command -v rqlited 2>/dev/null); then
	got=$("$found" -version 2>&1 | awk '{print $2; exit}' || true)
	if [ "$got" = "$version" ]; then
		echo "$found"; exit 0
	fi
	echo "rqlited.sh: $found is ${got:-of unknown version}, not $version; using a build of $version" >&2
fi

cache=${SSHBLOG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sshblog}/rqlited-$version
bin=$cache/rqlited
mkdir -p "$cache"

# One builder at a time; the others wait on the lock and then find the binary.
exec 9>"$cache/.lock"
flock 9
if [ -x "$bin" ] && [ "$("$bin" -version 2>&1 | awk '{print $2; exit}')" = "$version" ]; then
	echo "$bin"; exit 0
fi

echo "rqlited.sh: building rqlited $version into $cache (about 3 minutes on 2 cores)" >&2
src=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "rqlited.sh: go mod download gave no source for $module@$version" >&2; exit 1; }
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The module cache is read-only; build in a writable copy with its own go.mod.
cp -r "$src/." "$work/src"
chmod -R u+w "$work/src"
(
	cd "$work/src"
	CGO_ENABLED=1 GOFLAGS=-mod=mod GOWORK=off go build \
		-ldflags "-X $module/cmd.Version=$version -X $module/cmd.Commit=module-$version" \
		-o "$work/rqlited" ./cmd/rqlited
)
mv -f "$work/rqlited" "$bin"   # a rename: a reader sees no binary or a whole one
echo "$bin"
