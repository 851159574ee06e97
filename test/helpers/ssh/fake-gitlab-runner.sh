#!/bin/sh
# Test stand-in for gitlab-runner 16.6.1 on the seed-003 host: prints its version, and as a
# service ("run") logs the seed-003 job failure, to syslog with --syslog like the real one.
# Files under /etc/rd-test switch on other behaviour a test needs (see below).
set -u
case "${1:-}" in
  --version|-v)
    # Lets a test make this command hang, to exercise command timeouts.
    if [ -e /etc/rd-test/hang-version ]; then exec sleep 3599; fi
    cat <<'VERSION'
Version:      16.6.1
Git revision: f5da3c5a
Git branch:   16-6-stable
GO version:   go1.20.10
Built:        2023-11-24T21:01:32+0000
OS/Arch:      linux/amd64
VERSION
    ;;
  run)
    syslog=0
    for a in "$@"; do [ "$a" = --syslog ] && syslog=1; done
    pid=$$
    emit() {
      if [ "$syslog" = 1 ]; then
        printf '%s %s gitlab-runner[%s]: %s\n' "$(LC_ALL=C date '+%b %d %H:%M:%S')" "$(hostname)" "$pid" "$1" >>/var/log/syslog
      else
        printf '%s\n' "$1" >&2
      fi
    }
    cfg=/etc/gitlab-runner/config.toml
    # A key of the first [[runners]] entry (url, token, tls-ca-file), unquoted.
    key() { sed -n "s/^[ \t]*$1[ \t]*=[ \t]*\"\(.*\)\"[ \t]*$/\1/p" "$cfg" | head -n 1; }
    # /etc/rd-test/long-polling: at each load, warn about runners left at request_concurrency 1,
    # as gitlab-runner 17+ does (commands/multi.go checkConfigConcurrency).
    loaded() {
      emit 'Configuration loaded                                builds=0 max_builds=1'
      [ -e /etc/rd-test/long-polling ] || return 0
      ones=$(awk '/^[ \t]*\[\[runners\]\]/ { n++; rc[n] = 1 } /^[ \t]*request_concurrency[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); if (n) rc[n] = v + 0 } END { c = 0; for (i = 1; i <= n; i++) if (rc[i] <= 1) c++; print c }' "$cfg")
      [ "$ones" -gt 0 ] || return 0
      emit 'WARNING: CONFIGURATION: Long polling issues detected.'
      emit 'Issues found:'
      emit "  - Request bottleneck: $ones runners have request_concurrency=1, causing job delays during long polling"
      emit 'This message will be printed each time the configuration is reloaded if the issues persist.'
    }
    # /etc/rd-test/poll-gitlab: ask the GitLab in config.toml for jobs with the entry's token, as
    # the runner does every check_interval (the token goes on stdin, never in ps); a refused
    # token is logged as the runner logs it.
    poll() {
      [ -e /etc/rd-test/poll-gitlab ] || return 0
      url=$(key url); token=$(key token); ca=$(key tls-ca-file)
      code=$(printf '{"token":"%s"}' "$token" | curl -sS -o /dev/null -w '%{http_code}' --max-time 5 ${ca:+--cacert "$ca"} -H 'Content-Type: application/json' --data-binary @- "${url%/}/api/v4/jobs/request" 2>/dev/null)
      short=$(printf %s "$token" | sed 's/^glrt-//' | cut -c1-9)
      [ "$code" = 403 ] && emit "ERROR: Checking for jobs... forbidden               runner=$short status=POST ${url%/}/api/v4/jobs/request: 403 Forbidden"
      return 0
    }
    emit "Runtime platform                                    arch=amd64 os=linux pid=$pid revision=f5da3c5a version=16.6.1"
    emit 'Starting multi-runner from /etc/gitlab-runner/config.toml...  builds=0 max_builds=1'
    emit 'Running in system-mode.'
    loaded
    if [ ! -e /etc/rd-test/poll-gitlab ]; then
      emit 'Checking for jobs... received                       job=4821 repo_url=https://gitlab.example.com/ci/app.git runner=xYz12AbC'
      emit 'WARNING: Job failed: adding cache volume: set volume permissions: running permission container "f404c36e60fca30ce81978bb9d92247812394ffafb3dadfaca52c1c537e03ada" for volume "runner-xyz12abc-project-225-concurrent-0-cache-3c3f060a0374fc8bc39395164f415a70": waiting for permission container to finish: exit code 127'
      emit '                                                    duration_s=6.42 job=4821 project=225 runner=xYz12AbC'
    fi
    poll
    # Keep this process (and its arguments, which ps shows) alive like a service, and reload
    # config.toml when it changes, as the runner does (it checks the file every 3 seconds).
    last=$(stat -c '%Y %i %s' "$cfg" 2>/dev/null)
    tick=0
    while :; do
      sleep 1
      tick=$((tick + 1))
      now=$(stat -c '%Y %i %s' "$cfg" 2>/dev/null)
      if [ "$now" != "$last" ]; then
        last=$now
        loaded
        poll
      elif [ $((tick % 3)) = 0 ]; then
        poll
      fi
    done
    ;;
  *)
    echo "gitlab-runner (test stand-in): unsupported command: $*" >&2
    exit 1
    ;;
esac
