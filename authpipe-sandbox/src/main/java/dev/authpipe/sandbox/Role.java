package dev.authpipe.sandbox;

/**
 * A person's role in one account, reported by {@code /v2/users/me} as {@code access_roles} (harvest.md
 * §1.12). The broker uses {@code administrator} to check that an installation grant came from an admin.
 */
public enum Role {
    ADMINISTRATOR("administrator"),
    MANAGER("manager"),
    MEMBER("member");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
