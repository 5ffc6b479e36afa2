package dev.authpipe.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The people and accounts Harvest ID knows, and who belongs where with which role.
 *
 * <p>Mutable and thread-safe: tests change memberships while a sandbox serves requests, and every
 * grant is checked against the current memberships on each call (removal narrows a grant at once).
 * Iteration order is insertion order, which the consent page and the accounts endpoint keep.
 */
public final class Directory {
    private final Map<Long, Account> accounts = new LinkedHashMap<>();
    private final Map<Long, Person> people = new LinkedHashMap<>();
    private final Map<Long, Map<Long, Role>> memberships = new LinkedHashMap<>();

    /** An empty directory, to fill with {@link #addAccount}, {@link #addPerson}, {@link #addMembership}. */
    public static Directory empty() {
        return new Directory();
    }

    /** Acme (a Harvest and a Forecast account, admin Ada, member Uma) and Globex (member Gus). */
    public static Directory defaults() {
        return empty().addAccount(new Account(100001, "Acme Studio", Product.HARVEST))
                .addAccount(new Account(100002, "Globex Consulting", Product.HARVEST))
                .addAccount(new Account(200001, "Acme Forecast", Product.FORECAST))
                .addPerson(new Person(5001, "Ada", "Admin", "ada@acme.example"))
                .addPerson(new Person(5002, "Uma", "User", "uma@acme.example"))
                .addPerson(new Person(5003, "Gus", "Globex", "gus@globex.example"))
                .addMembership(5001, 100001, Role.ADMINISTRATOR)
                .addMembership(5001, 200001, Role.ADMINISTRATOR)
                .addMembership(5002, 100001, Role.MEMBER)
                .addMembership(5003, 100002, Role.MEMBER);
    }

    public synchronized Directory addAccount(Account account) {
        accounts.put(account.id(), account);
        return this;
    }

    public synchronized Directory addPerson(Person person) {
        people.put(person.id(), person);
        memberships.putIfAbsent(person.id(), new LinkedHashMap<>());
        return this;
    }

    /** Makes a known person a member of a known account, replacing any earlier role there. */
    public synchronized Directory addMembership(long personId, long accountId, Role role) {
        if (!accounts.containsKey(accountId)) {
            throw new IllegalArgumentException("unknown account " + accountId);
        }
        membershipsOf(personId).put(accountId, role);
        return this;
    }

    /** Removes a person from an account; returns whether they were a member. */
    public synchronized boolean removeMembership(long personId, long accountId) {
        return membershipsOf(personId).remove(accountId) != null;
    }

    public synchronized Optional<Person> person(long personId) {
        return Optional.ofNullable(people.get(personId));
    }

    public synchronized Optional<Account> account(long accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    public synchronized List<Person> people() {
        return List.copyOf(people.values());
    }

    /** The accounts the person currently belongs to, in the order they joined. */
    public synchronized List<Account> accountsOf(long personId) {
        List<Account> result = new ArrayList<>();
        for (Long accountId : membershipsOf(personId).keySet()) {
            result.add(accounts.get(accountId));
        }
        return List.copyOf(result);
    }

    /** The person's role in the account, empty when they are not (or no longer) a member. */
    public synchronized Optional<Role> role(long personId, long accountId) {
        Map<Long, Role> roles = memberships.get(personId);
        return roles == null ? Optional.empty() : Optional.ofNullable(roles.get(accountId));
    }

    private Map<Long, Role> membershipsOf(long personId) {
        Map<Long, Role> roles = memberships.get(personId);
        if (roles == null) {
            throw new IllegalArgumentException("unknown person " + personId);
        }
        return roles;
    }
}
