/** Typed RTDA configuration ({@code rtda.*}), with every default in one place. */
package io.rtda.functions.config;
