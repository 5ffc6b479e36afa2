package dev.authpipe.sandbox;

import java.util.Objects;

/** A Harvest ID user: the owner of every token (harvest.md §1.1, there are no app tokens). */
public record Person(long id, String firstName, String lastName, String email) {
    public Person {
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(email, "email");
    }

    String displayName() {
        return firstName + " " + lastName;
    }
}
