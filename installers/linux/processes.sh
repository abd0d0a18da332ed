# Sourced by the scripts that start the app or its services in the background (install-test.sh, cds-training.sh,
# ../docker/compose-path-test.sh, benchmarks/desktop/run.sh). POSIX sh.

# stop_processes PID...: stops each of them that still runs (SIGTERM) and waits for it; 0 stands for "none".
stop_processes() {
  for pid in "$@"; do
    if [ "$pid" -gt 0 ] && kill -0 "$pid" 2> /dev/null; then
      kill "$pid" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
    fi
  done
}

# start_xvfb DIR: starts Xvfb on a free display (1280x800x24, no TCP), waits until it is up, exports DISPLAY
# and sets XVFB_PID (the caller stops it); on failure prints Xvfb's error, stops it and returns 1.
start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3> "$1/display" 2> "$1/xvfb.err" &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$1/display" ] && break
    sleep 0.1
  done
  if [ ! -s "$1/display" ]; then
    cat "$1/xvfb.err" >&2
    kill "$XVFB_PID" 2> /dev/null || true
    XVFB_PID=0
    return 1
  fi
  DISPLAY=":$(head -1 "$1/display")"
  export DISPLAY
}
