package dev.authpipe.sandbox;

import java.util.List;
import java.util.stream.Collectors;

/** Harvest's scope values (harvest.md §1.1): {@code all}, {@code harvest:all}, {@code forecast:all}, {@code harvest:ID}, {@code forecast:ID}. */
final class Scope {
    static final String HARVEST_ALL = "harvest:all";

    private Scope() {}

    /**
     * Whether consent for the requested scope may grant this account. No scope, {@code all} or only
     * unrecognised values (such as {@code offline_access}) offer every account: Harvest then follows the
     * app's settings, and what it does with unknown values is undocumented (§1.4, §1.1) [inf].
     */
    static boolean offers(String requested, Account account) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        boolean recognised = false;
        for (String value : requested.trim().split("\\s+")) {
            if (value.equals("all")) {
                return true;
            }
            int colon = value.indexOf(':');
            String product = colon < 0 ? value : value.substring(0, colon);
            String target = colon < 0 ? "" : value.substring(colon + 1);
            if (!product.equals("harvest") && !product.equals("forecast")) {
                continue;
            }
            if (target.equals("all") || target.matches("[0-9]+")) {
                recognised = true;
                if (product.equals(account.product().wireName())
                        && (target.equals("all") || target.equals(Long.toString(account.id())))) {
                    return true;
                }
            }
        }
        return !recognised;
    }

    /** The callback's {@code scope}: the granted accounts, space-joined (§1.5), or {@code harvest:all}. */
    static String granted(List<Account> accounts, boolean asHarvestAll) {
        if (asHarvestAll) {
            return HARVEST_ALL;
        }
        return accounts.stream().map(Account::scopeEntry).collect(Collectors.joining(" "));
    }
}
