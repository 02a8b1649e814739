package dev.flashsale.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor the order saga is measured against: the same order (reserve one unit of one variant, use the
 * buyer's coupon, deduct the balance, record the order and its payment) as one local transaction of
 * conditional {@code UPDATE}s and {@code INSERT}s on one PostgreSQL server, each hot row changed with one
 * statement as the services change theirs. No distributed design beats it on the same server; it keeps none
 * of the saga's promises across owners. The e2e saga benchmark and the load tests' performance suite place
 * their orders against the same tables, so their ratios compare the same thing.
 *
 * <p>{@link #create} makes the tables in the given (otherwise unused) database with one variant of enough
 * stock, and one user with one coupon and a balance for each order to come; {@link #placeOne()} is safe from
 * {@code clients} threads at once, each order for the next user.
 */
public final class SagaFloor implements AutoCloseable {

    private static final String SCHEMA = """
            DROP TABLE IF EXISTS payment, orders, user_coupon, balance, variant;
            CREATE TABLE variant (id bigint PRIMARY KEY, price bigint NOT NULL,
                orderable int NOT NULL CHECK (orderable >= 0), sold int NOT NULL);
            CREATE TABLE balance (user_id bigint PRIMARY KEY, amount bigint NOT NULL CHECK (amount >= 0));
            CREATE TABLE user_coupon (id bigint PRIMARY KEY, user_id bigint NOT NULL, discount bigint NOT NULL,
                status text NOT NULL);
            CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL, variant_id bigint NOT NULL,
                user_coupon_id bigint UNIQUE, status text NOT NULL, total bigint NOT NULL, paid bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE payment (order_id bigint PRIMARY KEY REFERENCES orders, user_id bigint NOT NULL,
                amount bigint NOT NULL, paid_at timestamptz NOT NULL DEFAULT now());
            """;

    private final String url;
    private final String user;
    private final String password;
    private final BlockingQueue<Connection> connections;
    private final AtomicLong nextUser = new AtomicLong();
    private final int orders;

    private SagaFloor(String url, String user, String password, int clients, int orders) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.connections = new ArrayBlockingQueue<>(clients);
        this.orders = orders;
    }

    /** Tables for {@code orders} orders of one unit at {@code price} with a coupon of {@code discount}, and a connection per client. */
    public static SagaFloor create(String jdbcUrl, String user, String password, int orders, int clients, long price,
                                   long discount) {
        SagaFloor floor = new SagaFloor(jdbcUrl, user, password, clients, orders);
        try (Connection connection = floor.connect(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            statement.execute("INSERT INTO variant VALUES (1, " + price + ", " + orders + ", 0)");
            statement.execute("INSERT INTO balance SELECT u, " + price + " FROM generate_series(1, " + orders + ") u");
            statement.execute("INSERT INTO user_coupon SELECT u, u, " + discount + ", 'UNUSED' FROM generate_series(1, "
                    + orders + ") u");
            for (int i = 0; i < clients; i++) {
                floor.connections.add(floor.connect());
            }
        } catch (SQLException e) {
            floor.close();
            throw new IllegalStateException("could not prepare the saga's floor in " + jdbcUrl, e);
        }
        return floor;
    }

    /** The seed's flow in one transaction, for the next user; fails once every prepared order is placed. */
    public void placeOne() {
        long buyer = nextUser.incrementAndGet();
        if (buyer > orders) {
            throw new IllegalStateException("the floor was prepared for " + orders + " orders");
        }
        Connection connection = take();
        try {
            connection.setAutoCommit(false);
            long price = returning(connection, "UPDATE variant SET orderable = orderable - 1, sold = sold + 1"
                    + " WHERE id = 1 AND orderable >= 1 RETURNING price");
            long discount = returning(connection, "UPDATE user_coupon SET status = 'USED'"
                    + " WHERE id = " + buyer + " AND user_id = " + buyer + " AND status = 'UNUSED' RETURNING discount");
            long paid = price - discount;
            returning(connection, "UPDATE balance SET amount = amount - " + paid
                    + " WHERE user_id = " + buyer + " AND amount >= " + paid + " RETURNING amount");
            long orderId = returning(connection, "INSERT INTO orders (user_id, variant_id, user_coupon_id, status, total, paid)"
                    + " VALUES (" + buyer + ", 1, " + buyer + ", 'COMPLETED', " + price + ", " + paid + ") RETURNING id");
            try (PreparedStatement payment = connection.prepareStatement(
                    "INSERT INTO payment (order_id, user_id, amount) VALUES (?, ?, ?)")) {
                payment.setLong(1, orderId);
                payment.setLong(2, buyer);
                payment.setLong(3, paid);
                payment.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the floor's order for user " + buyer + " failed", e);
        } finally {
            connections.add(connection);
        }
    }

    /** Units sold so far, read back from the database. */
    public long sold() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet sold = statement.executeQuery("SELECT sold FROM variant WHERE id = 1")) {
            sold.next();
            return sold.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        List<Connection> open = new ArrayList<>();
        connections.drainTo(open);
        for (Connection connection : open) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after the measurement: nothing depends on it
            }
        }
    }

    private Connection take() {
        try {
            return connections.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static long returning(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return result.getLong(1);
        }
    }
}
