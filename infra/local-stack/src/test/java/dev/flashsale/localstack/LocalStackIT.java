package dev.flashsale.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalStackIT {

    @TempDir
    Path projectDir;

    @Test
    void startsOnAFreshMachineKeepsItsDataAcrossARestartAndStopsEveryProcess() throws Exception {
        LocalStackSettings settings = new LocalStackSettings(projectDir, projectDir.resolve(".local-stack"),
                freePort(), freePort(), freePort(), "local", "secret", LocalStackSettings.LOCAL_JWT_SECRET,
                List.of("-Xmx256m"), Map.of());

        try (LocalStack stack = new LocalStack(settings).start()) {
            assertThat(stack.serviceNames()).as("no service is built in an empty project").isEmpty();
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("balance"), "postgres", "postgres");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }
            try (Admin admin = admin(stack)) {
                admin.createTopics(List.of(new NewTopic("kept-topic", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readString(settings.dataDir().resolve("pids"))).doesNotContain("service");

        try (LocalStack stack = new LocalStack(settings).start()) {
            try (Connection connection = DriverManager.getConnection(stack.jdbcUrl("balance"), "postgres", "postgres");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
            try (Admin admin = admin(stack)) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept-topic");
            }
            for (ServiceSpec spec : ServiceSpec.ALL) {
                spec.databaseName().ifPresent(database -> assertThat(canConnect(stack.jdbcUrl(database))).isTrue());
            }
        }
        try (ServerSocket postgresPortFreeAgain = new ServerSocket(settings.postgresPort());
             ServerSocket kafkaPortFreeAgain = new ServerSocket(settings.kafkaPort())) {
            assertThat(postgresPortFreeAgain.isBound()).isTrue();
            assertThat(kafkaPortFreeAgain.isBound()).isTrue();
        }
    }

    private static Admin admin(LocalStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    private static boolean canConnect(String url) {
        try (Connection ignored = DriverManager.getConnection(url, "postgres", "postgres")) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
