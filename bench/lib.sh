# Shared by the benchmark scripts: timing in milliseconds and medians.
ms_now() { date +%s%N | cut -c1-13; }

# median FILE COLUMN: the median of a numeric column of a CSV without header
median() {
  awk -F, -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
}
