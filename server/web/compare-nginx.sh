#!/usr/bin/env bash
# Serves the same two pages (the list and a post) from sshblog's web and
# from Debian's nginx as precompressed static files (gzip_static, its best
# case), and loads each with wrk at 50 and 200 connections, three times,
# alternately. Start sshblog first; WEB is its web address.
#   server/web/compare-nginx.sh            # against 127.0.0.1:23280
#   WEB=127.0.0.1:24380 NGINX_PORT=24381 DURATION=10s server/web/compare-nginx.sh
set -euo pipefail
WEB=${WEB:-127.0.0.1:23280}
NGINX_PORT=${NGINX_PORT:-23281}
DURATION=${DURATION:-10s}
POST=${POST:-/posts/difference-between-networking-and-making-friends}
command -v wrk >/dev/null && command -v nginx >/dev/null ||
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light; }

dir=$(mktemp -d)
trap '[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")"; rm -rf "$dir"' EXIT
mkdir -p "$dir/root$POST"
curl -fsS "http://$WEB/" >"$dir/root/index.html"
curl -fsS "http://$WEB$POST" >"$dir/root$POST/index.html"
gzip -k -9 "$dir/root/index.html" "$dir/root$POST/index.html"
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on; tcp_nopush on; keepalive_requests 100000;
	types { text/html html; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $dir/root;
		gzip_static on;
		location / { try_files \$uri \$uri/index.html =404; }
	}
}
CONF
nginx -c "$dir/nginx.conf"

echo "connections page run server requests/s p50 p99"
for c in 50 200; do for page in / "$POST"; do for run in 1 2 3; do
	for side in "sshblog $WEB" "nginx 127.0.0.1:$NGINX_PORT"; do
		set -- $side
		out=$(wrk -t2 -c"$c" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "http://$2$page")
		echo "$c $page $run $1 $(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
	done
done; done; done
