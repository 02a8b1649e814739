package dev.flashsale.messaging;

/** A message that cannot be read. Retrying cannot help: it goes straight to the dead-letter topic. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
