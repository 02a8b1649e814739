# The demo step of compose.local.yml: infra/local-stack's DemoData (users, products, coupons and one order, made
# through the gateway as a client would) on Jackson, nothing else. Build the jars first with `mvn -DskipTests package`.
FROM eclipse-temurin:21-jre
ARG JAR
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home /app app \
    && mkdir -p /data && chown app:app /data
WORKDIR /app
COPY infra/local-stack/target/demo-data-lib/ ./lib/
COPY ${JAR} ./lib/
USER 10001:10001
ENTRYPOINT ["java", "-cp", "/app/lib/*", "dev.flashsale.localstack.DemoData"]
