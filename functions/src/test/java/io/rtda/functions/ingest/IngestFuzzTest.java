package io.rtda.functions.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded garbage at the ingest endpoint: random bytes and mutated valid documents, each sent as JSON and as
 * NDJSON. Whatever the body, the answer is 200 (per-record rejections), 400 or 413, never a 500. Rerun a
 * failure with {@code -Drtda.fuzz.seed=<seed from the message>}.
 */
@QuarkusTest
class IngestFuzzTest {
    private static final int CASES = 200;
    private static final long SEED = Long.getLong("rtda.fuzz.seed", 0x5eed_2026_1127L);
    private static final Set<Integer> EXPECTED = Set.of(200, 400, 413);
    private static final String ALPHABET = "{}[]\":,0123456789.eE+-truefalsn \n\t\\/streamvaluetstags\u00e9\u0000";
    private static final String VALID_JSON = """
            [{"stream":"fuzz.a","ts":1795773600000,"value":1.5,"tags":{"site":"plant-1"}},
             {"stream":"fuzz.b","ts":"2026-11-27T10:00:00Z","value":-2e3},
             {"stream":"fuzz.a","value":3}]""";
    private static final String VALID_NDJSON = """
            {"stream":"fuzz.c","ts":1795773600000,"value":0.25,"tags":{"unit":"C"}}

            {"stream":"fuzz.c","ts":"2026-11-27T10:00:01+00:00","value":1e-3}
            """;

    @Test
    void shouldNeverAnswerGarbageWithAnInternalError() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] body = i % 2 == 0 ? randomBytes(random) : mutated(random);
            for (String type : new String[] {"application/json", "application/x-ndjson"}) {
                Response response = given().contentType(type).body(body).when().post("/api/v1/readings");
                int status = response.statusCode();
                String contentType = response.contentType();
                boolean typed = status == 200 ? contentType.startsWith("application/json")
                        : contentType.startsWith("application/problem+json");
                if (!EXPECTED.contains(status) || !typed) {
                    failures.add("case " + i + " as " + type + ": HTTP " + status + " " + contentType + " "
                            + response.asString() + " for body (base64) "
                            + Base64.getEncoder().encodeToString(body));
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> "seed " + SEED + " (-Drtda.fuzz.seed=" + SEED + "): " + failures.size()
                + " bad answers:\n" + String.join("\n", failures));
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] body = new byte[random.nextInt(1, 300)];
        boolean jsonish = random.nextBoolean();
        for (int i = 0; i < body.length; i++) {
            body[i] = jsonish ? (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length())) : (byte) random.nextInt(256);
        }
        // Zero bytes up front make Jackson guess UTF-16 or UTF-32, a decoder with errors of its own.
        for (int i = random.nextInt(-4, 4); i >= 0 && i < body.length; i--) {
            body[i] = 0;
        }
        return body;
    }

    private static byte[] mutated(SplittableRandom random) {
        StringBuilder doc = new StringBuilder(random.nextBoolean() ? VALID_JSON : VALID_NDJSON);
        int mutations = random.nextInt(1, 5);
        for (int m = 0; m < mutations && doc.length() > 1; m++) {
            int at = random.nextInt(doc.length());
            int span = Math.min(doc.length() - at, random.nextInt(1, 12));
            switch (random.nextInt(8)) {
                case 0 -> doc.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> doc.delete(at, at + span);
                case 2 -> doc.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> doc.insert(at, doc.substring(at, at + span));
                case 4 -> {
                    int depth = random.nextInt(1, 30);
                    doc.insert(at + span, "]".repeat(depth)).insert(at, "[".repeat(depth));
                }
                case 5 -> doc.insert(at, "9".repeat(random.nextInt(100, 2000)));
                case 6 -> doc.insert(0, "\u0000".repeat(random.nextInt(1, 4)));
                default -> doc.setLength(at);
            }
        }
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }
}
