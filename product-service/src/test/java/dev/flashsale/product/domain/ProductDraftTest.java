package dev.flashsale.product.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import dev.flashsale.product.domain.ProductDraft.VariantDraft;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductDraftTest {

    @Test
    void trimsNamesAndTreatsAMissingDescriptionAsEmpty() {
        ProductDraft draft = new ProductDraft("  tee ", null, List.of(variant(" M/black ")));

        assertThat(draft.name()).isEqualTo("tee");
        assertThat(draft.description()).isEmpty();
        assertThat(draft.variants().get(0).name()).isEqualTo("M/black");
    }

    @Test
    void needsAtLeastOneVariant() {
        assertInvalid(() -> new ProductDraft("tee", "", List.of()), "a product needs at least one variant");
    }

    @Test
    void refusesTwoVariantsACustomerCannotTellApart() {
        assertInvalid(() -> new ProductDraft("tee", "", List.of(variant("M/black"), variant("m/Black"))),
                "two variants are called \"m/Black\"");
    }

    @Test
    void refusesABlankName() {
        assertInvalid(() -> new ProductDraft("  ", "", List.of(variant("M"))), "name must be 1 to 200 characters");
        assertInvalid(() -> variant(""), "variant name must be 1 to 100 characters");
    }

    private static VariantDraft variant(String name) {
        return new VariantDraft(name, Money.won(19_000), Quantity.of(10));
    }

    private static void assertInvalid(Runnable construction, String detail) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(DomainException.class)
                .hasMessage(detail)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
