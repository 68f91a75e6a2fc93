#!/usr/bin/env bash
# OpenCL parity and benchmark on a GPU machine, which has no Java: it runs a carried jlink runtime and the
# accelerator jar with its dependencies, all under .gpu/ (ignored by git).
#
# Here (once per change):
#   ./rtda build && ../shared/gpu/make-jre.sh .gpu/jre && infra/gpu/device-check.sh --pack
# There (the device tool, carrying .gpu; writes its log and table under $OUT):
#   bash infra/gpu/device-check.sh
# Each case first checks the device's statistics against the scalar oracle and prints no speed when they
# differ (the benchmark exits non-zero). Cases: streams x window, as the GPU issue asks. Full statistics are
# timed twice: windows held in registers (the default) and in local memory (OnChip.LOCAL_MEMORY).
# RTDA_CL_OPTIONS adds OpenCL build options and prints what the build made (registers, spills), e.g.
# RTDA_CL_OPTIONS="-cl-nv-verbose -cl-nv-maxrregcount=80" to try another register cap on NVIDIA.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1:-}" = "--pack" ]; then
  rm -rf .gpu/lib && mkdir -p .gpu/lib
  cp accelerator/target/accelerator-*.jar .gpu/lib/
  tr ':' '\n' < accelerator/target/classpath.txt | xargs -I{} cp {} .gpu/lib/
  du -sh .gpu
  exit 0
fi

out=${OUT:-/tmp/rtda-device-check}
mkdir -p "$out"
log="$out/device-check.log"
: > "$log"

# The NVIDIA OpenCL library is installed but not registered with the ICD loader there.
if [ -e /usr/lib/libnvidia-opencl.so.1 ] && [ ! -e /etc/OpenCL/vendors/nvidia.icd ]; then
  mkdir -p /etc/OpenCL/vendors
  echo /usr/lib/libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
fi
# JOCL opens libOpenCL.so; machines with only the runtime package have libOpenCL.so.1.
if ! ldconfig -p | grep -q 'libOpenCL.so '; then
  loader=$(ldconfig -p | awk '/libOpenCL.so.1 /{print $NF; exit}')
  [ -n "$loader" ] && ln -sf "$loader" "$(dirname "$loader")/libOpenCL.so" && ldconfig
fi
(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || true) | tee -a "$log"

java=.gpu/jre/bin/java
run() {
  "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx48g -cp '.gpu/lib/*' \
    io.rtda.accelerator.bench.IngestBench --backend opencl --kernels-only --quantiles --seconds 2 \
    ${RTDA_CL_OPTIONS:+--cl-options "$RTDA_CL_OPTIONS"} "$@" 2>&1 \
    | tee -a "$log"
}
status=0
for case in "65536 4096" "4096 65536" "1048576 256"; do
  set -- $case
  echo "== $1 streams x $2 samples" | tee -a "$log"
  run --streams "$1" --window "$2" || status=$?
done
grep -E '^(==|OpenCL on|copy limits|moments|full|append)' "$log" > "$out/table.txt" || true
cat "$out/table.txt"
exit $status
