package dev.authpipe.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.8.9.10",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.254",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "100.127.255.254",
                "224.0.0.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1"
            })
    void nonPublicAddressesAreRefused(String address) {
        assertThat(EgressPolicy.PUBLIC_ONLY.refusal(address))
                .hasValueSatisfying(why -> assertThat(why).contains("loopback, private or link-local"));
        assertThat(EgressPolicy.ANY.refusal(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.32.0.1",
                "172.15.255.255",
                "100.63.255.255",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700::1111",
                "fe00::1"
            })
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(EgressPolicy.isPrivate(InetAddress.getByName(address))).isFalse();
        assertThat(EgressPolicy.PUBLIC_ONLY.refusal(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST"})
    void namesAreJudgedByEveryAddressTheyResolveTo(String host) {
        assertThat(EgressPolicy.PUBLIC_ONLY.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-such-host.invalid"})
    void aHostThatDoesNotResolveIsRefusedOnlyWhenPrivateDestinationsAreForbidden(String host) {
        assertThat(EgressPolicy.PUBLIC_ONLY.refusal(host)).contains("does not resolve");
        assertThat(EgressPolicy.ANY.refusal(host)).isEmpty();
    }
}
