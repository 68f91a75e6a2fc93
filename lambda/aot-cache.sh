#!/usr/bin/env bash
# Cold start of the Lambda function with class-data sharing: unpacks lambda/target/function.zip, runs the
# training (the fixture SQS, Kinesis and HTTP events answered through QuarkusStreamHandler) to write an archive,
# then runs io.rtda.lambda.bench.ColdStartBench N times (JVM start to the first answered SQS event) and prints
# each time and the median. Build first: ./mvnw -B -ntp install -DskipTests (or -pl lambda -am).
#
# Usage: lambda/aot-cache.sh [--archive aot|cds|none] [--jit c1|tiered] [--runtime handler|ric] [--runs N] [--dir DIR]
#   --archive aot   JDK 25 AOT cache (JEP 483/514/515): training with -XX:AOTCacheOutput, runs with -XX:AOTCache
#   --archive cds   dynamic AppCDS: training with -XX:ArchiveClassesAtExit, runs with -XX:SharedArchiveFile
#   --archive none  no archive beyond the JDK's default CDS (the baseline)
#   --jit c1        -XX:TieredStopAtLevel=1 (default); tiered: C1 and C2
#   --runtime handler  ColdStartBench calls QuarkusStreamHandler in its own JVM (default): JVM start to answer
#   --runtime ric      RuntimeApiColdStart serves a mock Lambda Runtime API and launches the function under the
#                      AWS Runtime Interface Client, as the container image runs it: process launch to the
#                      response posted to the Runtime API (needs lambda/target/lambda-ric: build with
#                      ./mvnw -B -ntp package -DskipTests -Plambda-image -pl lambda)
# JAVA_OPTS (e.g. -XX:+UseSerialGC) is added to the training and to every run.
# An archive is valid only for the JVM build that wrote it and the same jars at the same paths: the script
# rebuilds it on every call. CDS reads classes from jars only, so the root of function.zip (the Quarkus runner's
# classes and its manifest, whose Class-Path lists lib/*.jar in order) is packed into DIR/function/app.jar.
set -euo pipefail
cd "$(dirname "$0")/.."

archive=aot jit=c1 runtime=handler runs=7 dir=${TMPDIR:-/tmp}/rtda-coldstart
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive=$2; shift 2 ;;
    --jit) jit=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
case "$archive" in aot|cds|none) ;; *) echo "aot-cache: --archive must be aot, cds or none, was $archive" >&2; exit 2 ;; esac
case "$jit" in c1|tiered) ;; *) echo "aot-cache: --jit must be c1 or tiered, was $jit" >&2; exit 2 ;; esac
case "$runtime" in handler|ric) ;; *) echo "aot-cache: --runtime must be handler or ric, was $runtime" >&2; exit 2 ;; esac

if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; break; fi
  done
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAR=${JAVA_HOME:+$JAVA_HOME/bin/}jar
zip=lambda/target/function.zip
bench=lambda/target/test-classes/io/rtda/lambda/bench/ColdStartBench.class
ric=()
if [ "$runtime" = ric ]; then
  for j in aws-lambda-java-runtime-interface-client aws-lambda-java-serialization utils-lite annotations; do
    ric+=("lambda/target/lambda-ric/$j.jar")
  done
fi
for f in "$zip" "$bench" "${ric[@]}"; do
  [ -f "$f" ] || { echo "aot-cache: $f missing: run ./mvnw -B -ntp install -DskipTests first" >&2; exit 2; }
done
events=lambda/src/test/resources/events

rm -rf "$dir" && mkdir -p "$dir/unpacked" "$dir/function"
(cd "$dir/unpacked" && "$JAR" -xf "$OLDPWD/$zip")
mv "$dir/unpacked/lib" "$dir/function/lib"
"$JAR" --create --file "$dir/function/app.jar" --manifest "$dir/unpacked/META-INF/MANIFEST.MF" -C "$dir/unpacked" .
"$JAR" --create --file "$dir/function/bench.jar" -C lambda/target/test-classes io/rtda/lambda/bench
rm -rf "$dir/unpacked"

# One class path for the training and the runs (an archive is refused when it differs): with the RIC, its jars
# come after app.jar, as in the image.
cp="$dir/function/app.jar"
for j in "${ric[@]}"; do cp="$cp:$PWD/$j"; done
cp="$cp:$dir/function/bench.jar"
opts=(--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED
      --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp")
[ "$jit" = c1 ] && opts+=(-XX:TieredStopAtLevel=1)
read -ra extra <<< "${JAVA_OPTS:-}"
opts+=("${extra[@]}")
main=io.rtda.lambda.bench.ColdStartBench
# The HTTP fixture's key (lambda-test-key): the function requires API keys as it does when deployed.
export RTDA_SECURITY_API_KEYS=ce58939f13f7517bc388ebb7daed6b76795e1abe0264f8a02aafda5d2aa89529
case "$archive" in
  # The measured runs refuse to start without the archive (AOTMode=on, -Xshare:on) instead of silently
  # falling back, so a number is never reported for a run that did not use it.
  aot) train=(-XX:AOTCacheOutput="$dir/function/rtda.aot")
       use=(-XX:AOTCache="$dir/function/rtda.aot" -XX:AOTMode=on) ;;
  cds) train=(-XX:ArchiveClassesAtExit="$dir/function/rtda.jsa")
       use=(-XX:SharedArchiveFile="$dir/function/rtda.jsa" -Xshare:on) ;;
  none) train=(); use=() ;;
esac

"$JAVA" -version 2>&1 | head -1
if [ "$archive" != none ]; then
  start=$(date +%s%N)
  "$JAVA" "${opts[@]}" "${train[@]}" -Dquarkus.log.level=WARN "$main" "$events/sqs-readings.json" \
    "$events/kinesis-readings.json" "$events/http-api-v2-post-readings.json" "$events/http-api-v2-get-metrics.json" \
    > "$dir/training.log" 2>&1 || { cat "$dir/training.log" >&2; exit 1; }
  echo "training ($archive) took $(( ($(date +%s%N) - start) / 1000000 )) ms: $(ls "$dir"/function/rtda.* | head -1)"
fi

times=()
for i in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$runtime" = ric ]; then
    mkdir -p "$dir/task"
    out=$(LAMBDA_TASK_ROOT="$dir/task" "$JAVA" -cp "$dir/function/bench.jar" io.rtda.lambda.bench.RuntimeApiColdStart \
      "$events/sqs-readings.json" "$JAVA" "${opts[@]}" "${use[@]}" \
      com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
      io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest 2>&1) || { echo "$out" >&2; exit 1; }
    line=$(echo "$out" | grep -o 'launch-to-first-answer-ms=[0-9]*')
    ms=${line#launch-to-first-answer-ms=}
  else
    out=$("$JAVA" "${opts[@]}" "${use[@]}" "$main" "$events/sqs-readings.json" 2>&1) || { echo "$out" >&2; exit 1; }
    line=$(echo "$out" | grep -o 'jvm-start-to-first-answer-ms=[0-9]* warm-event-ms=[0-9.]*')
    ms=${line#jvm-start-to-first-answer-ms=}; ms=${ms%% *}
  fi
  times+=("$ms")
  echo "run $i: $line load=$load"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "archive=$archive jit=$jit runtime=$runtime${JAVA_OPTS:+ $JAVA_OPTS} runs=$runs min=$(echo "$sorted" | head -1) median=$(echo "$sorted" \
  | sed -n "$(( (runs + 1) / 2 ))p") max=$(echo "$sorted" | tail -1) ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
