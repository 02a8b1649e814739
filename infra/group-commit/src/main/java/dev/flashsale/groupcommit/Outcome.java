package dev.flashsale.groupcommit;

import java.util.Objects;

/** What one request of a batch is answered: a value, or a refusal that its caller gets as the failure. */
public sealed interface Outcome<A> permits Outcome.Answered, Outcome.Refused {

    static <A> Outcome<A> answered(A value) {
        return new Answered<>(value);
    }

    static <A> Outcome<A> refused(RuntimeException refusal) {
        return new Refused<>(refusal);
    }

    record Answered<A>(A value) implements Outcome<A> {
    }

    record Refused<A>(RuntimeException refusal) implements Outcome<A> {

        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
