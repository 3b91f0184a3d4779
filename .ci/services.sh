#!/usr/bin/env bash
# Starts PostgreSQL (5432), Redis (6379) and NATS with JetStream (4222) when they are not already running, installing
# them from Debian's packages if the machine lacks them. The embedded defaults (npm start) never need any of these;
# only the scale-out adapter tests do.
set -uo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
apt_updated=""
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
}
wait_port() { for _ in $(seq 1 60); do up "$1" && return 0; sleep 0.5; done; echo "services: port $1 did not open" >&2; return 1; }

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
if ! up 6379; then
  need redis-server redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log
  wait_port 6379
fi
if ! up 4222; then
  need nats-server nats-server
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js \
    -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_port 4222
fi
for p in 5432 6379 4222; do up "$p" && echo "services: 127.0.0.1:$p up" || echo "services: 127.0.0.1:$p DOWN"; done
exit 0
