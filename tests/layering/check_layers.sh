#!/bin/sh
# Fails when a layer includes a header it must not (see DESIGN.md): the one
# direction of dependency is cli -> tracer -> decoder -> arch, and output
# depends on decoder's event model only; only tracer/ may talk to ptrace.
set -u
root="$1"
status=0
forbid() {  # forbid LAYER PATTERN WHY
    hits=$(grep -rnE --include='*.h' --include='*.cpp' "^#include [<\"]($2)" "$root/$1" 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "$1/ must not include $3:"
        echo "$hits"
        status=1
    fi
}
forbid arch 'decoder/|output/|tracer/|cli/|sys/ptrace\.h' "higher layers or ptrace"
forbid decoder 'output/|tracer/|cli/|sys/ptrace\.h|sys/wait\.h' "output, tracer, cli or ptrace"
forbid output 'tracer/|cli/|arch/seccomp|sys/ptrace\.h|linux/ptrace\.h|sys/wait\.h' "tracer, cli or ptrace"
forbid tracer 'output/|cli/' "output or cli (it hands events to an EventSink)"
if [ "$status" -eq 0 ]; then echo "layering: ok"; fi
exit "$status"
