package dev.authpipe.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether outbound requests may reach hosts that resolve to non-public addresses. When they may
 * not, every address a host resolves to must be public. The check runs before each request, so a
 * DNS answer that changes after configuration is caught; the HTTP client then resolves the host
 * again to connect (usually from the JVM's DNS cache), and a DNS server that answers differently
 * between the two lookups can still slip a private address through.
 */
public final class EgressPolicy {
    /** Any destination, including loopback and private networks (a backend beside the broker). */
    public static final EgressPolicy ANY = new EgressPolicy(true);
    /** Only hosts whose every address is public. */
    public static final EgressPolicy PUBLIC_ONLY = new EgressPolicy(false);

    private final boolean allowPrivate;

    private EgressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public static EgressPolicy allowingPrivate(boolean allow) {
        return allow ? ANY : PUBLIC_ONLY;
    }

    /**
     * Why {@code host} may not be reached, phrased to follow "the host", or empty when it may. Resolves
     * the host only when private destinations are forbidden.
     */
    public Optional<String> refusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("does not resolve");
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                return Optional.of("resolves to a loopback, private or link-local address, which this server forbids");
            }
        }
        return Optional.empty();
    }

    /** Loopback, RFC 1918, link-local, unspecified, multicast, IPv6 unique-local and carrier-grade NAT. */
    static boolean isPrivate(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
        boolean carrierNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()
                || uniqueLocalV6
                || carrierNat;
    }

    @Override
    public String toString() {
        return allowPrivate ? "EgressPolicy[any]" : "EgressPolicy[public only]";
    }
}
