# Shared by the benchmark scripts: timing in milliseconds and medians.
ms_now() { date +%s%N | cut -c1-13; }

# median FILE COLUMN: the median of a numeric column of a CSV without header
median() {
  awk -F, -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
}

# measure CMD: runs `bash -c CMD` and prints "wall_ms,cpu_s": its wall time and the user+sys CPU seconds of it and
# all its children (the controller's own cost; the fleet's sshd and shells are not its children)
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
subprocess.run(["bash", "-c", sys.argv[1]], check=False)
wall = (time.monotonic() - t0) * 1000
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%d,%.3f" % (wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
PY
}

# header ROOT WHAT: the machine line, then the date, commit and what was run
header() {
  echo "machine: $(machine)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git -C "$1" rev-parse --short HEAD); $2"
}
