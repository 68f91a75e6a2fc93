package io.rtda.models.baseline;

/** The error function, to about 1e-15 relative accuracy, by series for small x and continued fraction above. */
public final class Erf {
    private Erf() {
    }

    static double erf(double x) {
        if (x < 0) {
            return -erf(-x);
        }
        if (x < 2.5) {
            // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        if (x > 6) {
            return 1.0;
        }
        return 1 - erfc(x);
    }

    /**
     * The standard normal upper tail {@code P(Z > z)}, accurate in the far tail (computed from erfc, not
     * {@code 1 - erf}), so that tiny probabilities keep their order.
     */
    public static double normalUpperTail(double z) {
        if (z < 0) {
            return 1 - normalUpperTail(-z);
        }
        double x = z / Math.sqrt(2);
        return x < 2.5 ? 0.5 * (1 - erf(x)) : 0.5 * erfc(x);
    }

    /** Complementary error function for x >= 2.5 by Lentz's continued fraction. */
    private static double erfc(double x) {
        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 300; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
