# syntax=docker/dockerfile:1
# The ModelPerf server image, built from source in two stages: the Maven build (the same wrapper
# and lock-step versions as CI), then a JRE with the server jar, its lib/ and the toolbox jar (the
# load generator). Build: docker build -t modelperf:dev .   (docker compose up builds it too)

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY schemas/pom.xml schemas/
COPY local-stack/pom.xml local-stack/
COPY routing/pom.xml routing/
COPY producer-client/pom.xml producer-client/
COPY streams-app/pom.xml streams-app/
COPY query-api/pom.xml query-api/
COPY toolbox/pom.xml toolbox/
COPY schemas/src schemas/src
COPY local-stack/src local-stack/src
COPY routing/src routing/src
COPY producer-client/src producer-client/src
COPY streams-app/src streams-app/src
COPY query-api/src query-api/src
COPY toolbox/src toolbox/src
# Reproducible jars (the parent pom's project.build.outputTimestamp); the tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package -pl query-api,toolbox -am

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 modelperf \
    && useradd --system --uid 10001 --gid modelperf --home-dir /opt/modelperf --shell /usr/sbin/nologin modelperf \
    && mkdir -p /var/lib/modelperf /etc/modelperf && chown modelperf:modelperf /var/lib/modelperf
WORKDIR /opt/modelperf
COPY --from=build /src/query-api/target/lib/ lib/
COPY --from=build /src/query-api/target/modelperf-server.jar modelperf-server.jar
COPY --from=build /src/toolbox/target/lib/ toolbox/lib/
COPY --from=build /src/toolbox/target/modelperf.jar toolbox/modelperf.jar
USER 10001:10001
# State (RocksDB) on a volume; the HTTP API on 8080, on every interface inside the container.
ENV MODELPERF_STATE_DIR=/var/lib/modelperf \
    MODELPERF_HTTP_HOST=0.0.0.0 \
    MODELPERF_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:+UseZGC -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
VOLUME /var/lib/modelperf
EXPOSE 8080
# Liveness is /healthz; the orchestrator's readiness is /readyz (503 until the streams app is RUNNING).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["java", "-jar", "/opt/modelperf/modelperf-server.jar"]
