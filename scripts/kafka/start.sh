#!/usr/bin/env bash
# Starts a single-node Apache Kafka broker (KRaft, combined broker+controller) for the Kafka
# test suites and for running Patternscope on Kafka. The broker's jars come from Maven Central
# (pom.xml beside this script) into .kafka/libs; data and logs live under .kafka/ (git-ignored).
#
#   scripts/kafka/start.sh        -> prints KAFKA_BROKERS=127.0.0.1:9092 when the broker is up
#   scripts/kafka/stop.sh         -> stops the broker this script started (by its PID file)
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOME_DIR (.kafka).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${KAFKA_HOME_DIR:-$root/.kafka}"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
libs="$home/libs"

mkdir -p "$home"
if [ -f "$home/broker.pid" ] && kill -0 "$(cat "$home/broker.pid")" 2>/dev/null; then
  echo "kafka: already running (pid $(cat "$home/broker.pid"))" >&2
  echo "KAFKA_BROKERS=127.0.0.1:$port"
  exit 0
fi

if [ ! -f "$libs/.complete" ]; then
  echo "kafka: fetching the broker from Maven Central into $libs" >&2
  rm -rf "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  touch "$libs/.complete"
fi

cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$home/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS

cat > "$home/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$home/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
PROPS

java_opts=(-Xms256m -Xmx768m -Dlog4j.configuration="file:$home/log4j.properties")
if [ ! -f "$home/data/meta.properties" ]; then
  java "${java_opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
    -t "$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid)" \
    -c "$home/server.properties" --ignore-formatted >&2
fi

nohup java "${java_opts[@]}" -cp "$libs/*" kafka.Kafka "$home/server.properties" \
  > "$home/broker.out" 2>&1 &
echo $! > "$home/broker.pid"

# Wait until the broker listener accepts connections (a fresh broker takes a few seconds).
for _ in $(seq 1 120); do
  if ! kill -0 "$(cat "$home/broker.pid")" 2>/dev/null; then
    echo "kafka: broker exited during start-up; see $home/broker.out and $home/broker.log" >&2
    tail -20 "$home/broker.out" >&2 || true
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "kafka: broker ready on 127.0.0.1:$port (pid $(cat "$home/broker.pid"))" >&2
    echo "KAFKA_BROKERS=127.0.0.1:$port"
    exit 0
  fi
  sleep 0.5
done
echo "kafka: broker did not open 127.0.0.1:$port within 60 s" >&2
exit 1
