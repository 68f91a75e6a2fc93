package io.rtda.functions.load;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parsed command line of the load generator.
 *
 * @param url         server base URL
 * @param streams     distinct streams
 * @param rate        readings per second, all streams together
 * @param duration    how long to send
 * @param batch       readings per request
 * @param concurrency requests in flight at most
 * @param apiKey      API key to send, or null
 */
record LoadOptions(URI url, int streams, double rate, Duration duration, int batch, int concurrency, String apiKey) {
    static final String USAGE = """
            usage: rtda load [--url http://localhost:8080] [--streams 100] [--rate 10000] [--duration 30s]
                             [--batch 500] [--concurrency 4] [--api-key KEY]
              --rate is readings per second over all streams; --duration takes 30s, 5m or ISO-8601 (PT30S)""";

    /** True when the arguments ask for the usage ({@code --help} or {@code -h} anywhere). */
    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static LoadOptions parse(String[] args) {
        URI url = URI.create("http://localhost:8080");
        int streams = 100;
        double rate = 10_000;
        Duration duration = Duration.ofSeconds(30);
        int batch = 500;
        int concurrency = 4;
        String apiKey = System.getenv("RTDA_API_KEY");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                case "--streams" -> streams = positiveInt(name, value);
                case "--rate" -> rate = positiveDouble(name, value);
                case "--duration" -> duration = duration(value);
                case "--batch" -> batch = positiveInt(name, value);
                case "--concurrency" -> concurrency = positiveInt(name, value);
                case "--api-key" -> apiKey = value;
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new LoadOptions(url, streams, rate, duration, batch, concurrency, apiKey);
    }

    private static int positiveInt(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, was '" + value + "'");
    }

    private static double positiveDouble(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(name + " must be a positive number, was '" + value + "'");
    }

    static Duration duration(String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(Long.parseLong(value));
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--duration must look like 30s, 5m, 1h or PT30S, was '" + value + "'",
                    e);
        }
    }
}
