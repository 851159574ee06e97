#!/bin/sh
# Test stand-in for gitlab-runner 16.6.1 on the seed-003 host: prints its version, and as a
# service ("run") logs the seed-003 job failure, to syslog with --syslog like the real one.
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
    emit "Runtime platform                                    arch=amd64 os=linux pid=$pid revision=f5da3c5a version=16.6.1"
    emit 'Starting multi-runner from /etc/gitlab-runner/config.toml...  builds=0 max_builds=1'
    emit 'Running in system-mode.'
    emit 'Configuration loaded                                builds=0 max_builds=1'
    emit 'Checking for jobs... received                       job=4821 repo_url=https://gitlab.example.com/ci/app.git runner=xYz12AbC'
    emit 'WARNING: Job failed: adding cache volume: set volume permissions: running permission container "f404c36e60fca30ce81978bb9d92247812394ffafb3dadfaca52c1c537e03ada" for volume "runner-xyz12abc-project-225-concurrent-0-cache-3c3f060a0374fc8bc39395164f415a70": waiting for permission container to finish: exit code 127'
    emit '                                                    duration_s=6.42 job=4821 project=225 runner=xYz12AbC'
    # Keep this process (and its arguments, which ps shows) alive like a service, and reload
    # config.toml when it changes, as the runner does (it checks the file every few seconds).
    cfg=/etc/gitlab-runner/config.toml
    last=$(stat -c '%Y %i %s' "$cfg" 2>/dev/null)
    while :; do
      sleep 1
      now=$(stat -c '%Y %i %s' "$cfg" 2>/dev/null)
      if [ "$now" != "$last" ]; then
        last=$now
        emit 'Configuration loaded                                builds=0 max_builds=1'
      fi
    done
    ;;
  *)
    echo "gitlab-runner (test stand-in): unsupported command: $*" >&2
    exit 1
    ;;
esac
