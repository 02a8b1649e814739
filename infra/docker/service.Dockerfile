# One image per service, built from that service's runnable jar:
#   docker build -f infra/docker/service.Dockerfile --build-arg JAR=order-service/target/order-service-0.1.0-SNAPSHOT-exec.jar .
# (docker-compose.yml does this for every service; build the jars first with `mvn -DskipTests package`.)
FROM eclipse-temurin:21-jre AS layers
ARG JAR
WORKDIR /build
COPY ${JAR} app.jar
# Spring Boot's layered extraction: dependencies change rarely, the application often, so they cache apart.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it (deploy/helm/flashsale runs it as 10001).
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home /app app
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
# Java 21: the services run on virtual threads (spring.threads.virtual.enabled is on by default).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
