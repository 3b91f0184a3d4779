#!/usr/bin/env bash
# Starts the external services the tests use, when they are not already running, installing them from Debian's
# packages if the machine lacks them. The embedded defaults (npm start) never need any of these; only the scale-out
# adapter tests do. A service is started only when it is listed in SERVICES below, with the tests that need it.
set -uo pipefail

# The one list of services to start (override with SPACEOS_CI_SERVICES="postgres redis nats"):
#   postgres  127.0.0.1:5432, trust auth, database `test` — identity's PostgreSQL store
#             (reference-nodes/identity/src/store/store.test.ts via test/pg.ts) and the identity conformance run on
#             PostgreSQL (e2e/test/identity/conformance.test.ts). In CI an unreachable server fails those tests.
#   redis     127.0.0.1:6379 — no test uses it yet; add it here with the first one (SpaceRouter's counters/cache).
#   nats      127.0.0.1:4222 with JetStream — no test uses it yet; add it here with the first one (the coordinator's
#             relay, presence and resume buffers).
SERVICES="${SPACEOS_CI_SERVICES:-postgres}"

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_updated=""
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
}
wait_port() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 0.5; done; echo "services: port $1 did not open" >&2; return 1; }

start_postgres() {
  if ! up 5432; then
    need pg_ctlcluster postgresql
    ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
    if [ -z "$ver" ]; then echo "services: no PostgreSQL cluster" >&2; else
      conf=/etc/postgresql/$ver/main/pg_hba.conf
      grep -q '^host all all 127.0.0.1/32 trust' "$conf" || sed -i '1i host all all 127.0.0.1/32 trust' "$conf"
      $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
      wait_port 5432
    fi
  fi
  if up 5432; then
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\"" 2>/dev/null | grep -q 1 \
      || su postgres -c "createdb test" 2>/dev/null || true
  fi
}

start_redis() {
  up 6379 && return 0
  need redis-server redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log
  wait_port 6379
}

start_nats() {
  up 4222 && return 0
  need nats-server nats-server
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js \
    -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port 4222
}

port_of() { case "$1" in postgres) echo 5432 ;; redis) echo 6379 ;; nats) echo 4222 ;; esac; }

for service in $SERVICES; do
  case "$service" in
    postgres | redis | nats) "start_$service" ;;
    *) echo "services: unknown service '$service' (known: postgres redis nats)" >&2 ;;
  esac
done
for service in $SERVICES; do
  port=$(port_of "$service")
  [ -n "$port" ] || continue
  up "$port" && echo "services: $service on 127.0.0.1:$port up" || echo "services: $service on 127.0.0.1:$port DOWN"
done
exit 0
