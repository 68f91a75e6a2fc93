/**
 * RFC 9457 problem details: every error the HTTP API returns is {@code application/problem+json} naming
 * what was wrong and how to fix it; no input produces a bare 500.
 */
package io.rtda.functions.problem;
