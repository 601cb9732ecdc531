# Sourced by the benchmarks: timing and the median of a column of numbers.

now() { date +%s.%N; }

# seconds since a time taken with now
seconds_since() { echo "$(now) - $1" | bc; }

# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
