package dev.authpipe.sandbox;

import java.util.List;

/**
 * One person's consent to one client for some accounts; every token issued from one authorization
 * code belongs to the same grant. What the grant reaches today is its accounts intersected with the
 * person's current memberships.
 */
record Grant(String id, String clientId, long personId, List<Long> accountIds) {
    Grant {
        accountIds = List.copyOf(accountIds);
    }
}
