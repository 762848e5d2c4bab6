#!/usr/bin/env bash
# The local mail catcher: MailDev (an npm devDependency, built on nodemailer's
# smtp-server) keeps every mail the notifier sends and shows it in a web page.
# No Docker. `up` is safe to run again at any time.
#
#   maildev.sh up | down | status
#
# Env: MAILDEV_SMTP_PORT (1025), MAILDEV_WEB_PORT (1080), both on 127.0.0.1;
#      MAILDEV_STATE_DIR (<repo>/.stack/maildev: pid, log and the mails).
# status exits 0 = ready, 3 = not running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${MAILDEV_STATE_DIR:-$ROOT/.stack/maildev}"
PID_FILE="$STATE/maildev.pid"
SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
WEB_PORT="${MAILDEV_WEB_PORT:-1080}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

case "${1:-}" in
  up)
    if running; then echo "maildev already running (pid $(cat "$PID_FILE"))"; exit 0; fi
    mkdir -p "$STATE/mail"
    MAILDEV_SMTP_PORT="$SMTP_PORT" MAILDEV_IP=127.0.0.1 MAILDEV_WEB_PORT="$WEB_PORT" MAILDEV_WEB_IP=127.0.0.1 \
      MAILDEV_MAIL_DIRECTORY="$STATE/mail" \
      nohup node "$ROOT/node_modules/maildev/dist/bin/maildev.js" >"$STATE/maildev.log" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 60); do
      if port_open "$SMTP_PORT" && port_open "$WEB_PORT"; then
        echo "maildev ready: SMTP 127.0.0.1:$SMTP_PORT, mails at http://127.0.0.1:$WEB_PORT"
        exit 0
      fi
      running || break
      sleep 0.5
    done
    echo "maildev did not open 127.0.0.1:$SMTP_PORT and :$WEB_PORT; its log:" >&2
    cat "$STATE/maildev.log" >&2
    exit 1
    ;;
  down)
    if running; then
      kill "$(cat "$PID_FILE")"
      for _ in $(seq 1 20); do running || break; sleep 0.25; done
      echo "maildev stopped"
    fi
    rm -f "$PID_FILE"
    ;;
  status)
    if running && port_open "$SMTP_PORT"; then
      echo "maildev ready: SMTP 127.0.0.1:$SMTP_PORT, mails at http://127.0.0.1:$WEB_PORT"
    else
      echo "maildev not running (npm run stack:up starts it)"
      exit 3
    fi
    ;;
  *)
    echo "usage: maildev.sh up | down | status" >&2
    exit 2
    ;;
esac
