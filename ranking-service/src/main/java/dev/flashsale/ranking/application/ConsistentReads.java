package dev.flashsale.ranking.application;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Several reads that must see one state of the database: a read-only, repeatable-read transaction. */
final class ConsistentReads {

    private ConsistentReads() {
    }

    static TransactionTemplate in(PlatformTransactionManager transactionManager) {
        TransactionTemplate reads = new TransactionTemplate(transactionManager);
        reads.setReadOnly(true);
        reads.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return reads;
    }
}
