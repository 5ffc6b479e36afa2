package dev.authpipe.sandbox;

import java.util.Objects;

/** A Harvest or Forecast company (an "account" in Harvest ID terms, harvest.md §1.1). */
public record Account(long id, String name, Product product) {
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(product, "product");
    }

    /** The scope entry that names this account in the consent callback: {@code harvest:ID} (§1.5). */
    String scopeEntry() {
        return product.wireName() + ":" + id;
    }
}
