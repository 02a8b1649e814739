package dev.flashsale.messaging;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * HTTP requests made safe to retry with an {@code Idempotency-Key}: the inbox of HTTP. The first
 * request with a key runs its action and keeps the answer in the same transaction; a retry with the
 * same key and body gets that answer without running the action again; the same key with another
 * body is {@link ErrorCode#IDEMPOTENCY_KEY_REUSED}. Two requests with one key at once: the second
 * waits on the first's row and then answers from it. An action that fails keeps nothing, so the
 * client may retry it.
 */
public final class IdempotentRequests {

    private static final String CLAIM = """
            INSERT INTO messaging.idempotency_key (scope, key, request_hash) VALUES (?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String ANSWER = "UPDATE messaging.idempotency_key SET response = ?::jsonb WHERE scope = ? AND key = ?";
    private static final String EARLIER = "SELECT request_hash, response::text FROM messaging.idempotency_key WHERE scope = ? AND key = ?";
    private static final int MAX_KEY_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MessageCodec codec;

    public IdempotentRequests(JdbcTemplate jdbc, TransactionTemplate transactions, MessageCodec codec) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.codec = codec;
    }

    /**
     * Runs {@code action} once per ({@code scope}, {@code key}). Without a key, simply runs it.
     *
     * @param scope what the key is unique within, e.g. {@code "charge:user:7"}
     * @param request the request body; a retry must send the same one
     */
    public <T> T execute(String scope, String key, Object request, Class<T> responseType, Supplier<T> action) {
        if (key == null) {
            return transactions.execute(status -> action.get());
        }
        checkKey(key);
        String hash = sha256(codec.canonicalJson(request));
        return transactions.execute(status -> {
            if (jdbc.update(CLAIM, scope, key, hash) == 1) {
                T response = Objects.requireNonNull(action.get(), "an idempotent action must answer something");
                jdbc.update(ANSWER, codec.canonicalJson(response), scope, key);
                return response;
            }
            return earlierAnswer(scope, key, hash, responseType);
        });
    }

    /**
     * Whether a request with this key was taken in this scope (answered, or being answered right now). A key that
     * {@link #execute} would refuse is refused here the same way.
     */
    public boolean isKnown(String scope, String key) {
        checkKey(key);
        return !jdbc.queryForList("SELECT 1 FROM messaging.idempotency_key WHERE scope = ? AND key = ?", Integer.class,
                scope, key).isEmpty();
    }

    private static void checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }

    private <T> T earlierAnswer(String scope, String key, String hash, Class<T> responseType) {
        List<String[]> rows = jdbc.query(EARLIER, (row, n) -> new String[]{row.getString(1), row.getString(2)}, scope, key);
        if (rows.isEmpty() || rows.get(0)[1] == null) {
            // Purged between our insert and this read, or claimed inside this very transaction.
            throw new DomainException(ErrorCode.CONFLICT, "a request with this Idempotency-Key is still in progress");
        }
        if (!rows.get(0)[0].equals(hash)) {
            throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used with a different request");
        }
        return codec.readJson(rows.get(0)[1], responseType);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
