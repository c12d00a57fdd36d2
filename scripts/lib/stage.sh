# Stage timing for the top-level scripts (run_suite.sh, scripts/test.sh), sourced by both:
# `stage NAME` prints "== NAME", `took` ends it with its wall-clock and CPU seconds. On a
# shared machine the CPU time says what the stage costs, the wall-clock what it took.
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat 2>/dev/null || echo 0; }
stage() { echo "== $*"; stage_start=$SECONDS; stage_cpu=$(cpu_ticks); }
took() { echo "   ($(( SECONDS - stage_start )) s, $(( ($(cpu_ticks) - stage_cpu) / $(getconf CLK_TCK) )) s CPU)"; }
