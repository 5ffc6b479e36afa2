package dev.authpipe.sandbox;

/** The Harvest product an account belongs to; its wire name is the {@code product} field (harvest.md §1.10). */
public enum Product {
    HARVEST("harvest"),
    FORECAST("forecast");

    private final String wireName;

    Product(String wireName) {
        this.wireName = wireName;
    }

    /** {@code harvest} or {@code forecast}: the scope prefix (§1.1) and the accounts endpoint's {@code product}. */
    public String wireName() {
        return wireName;
    }
}
