/**
 * Quarkus test profiles shared by test classes. Each distinct profile restarts the application, so tests
 * that need non-default settings share these two rather than defining their own.
 */
package io.rtda.functions.profiles;
