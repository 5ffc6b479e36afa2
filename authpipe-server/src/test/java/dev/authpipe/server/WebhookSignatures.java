package dev.authpipe.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code Authpipe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}
 * the way a receiving backend would, with nothing from Authpipe's code.
 */
final class WebhookSignatures {
    private WebhookSignatures() {}

    static boolean verify(String header, String body, String secret) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].strip().equals("t")) {
                t = kv[1].strip();
            } else if (kv.length == 2 && kv[0].strip().equals("v1")) {
                v1 = kv[1].strip();
            }
        }
        if (t == null || v1 == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }
}
