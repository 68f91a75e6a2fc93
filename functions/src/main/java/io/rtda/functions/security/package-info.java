/**
 * Write-endpoint protection: API keys checked against configured SHA-256 digests (keys themselves are
 * never stored), and a per-client token-bucket rate limit. Reads stay open.
 */
package io.rtda.functions.security;
