package io.rtda.functions.rules;

import java.util.Map;

/**
 * An immutable generation of the rule set: replaced whole on every change, read without locks.
 *
 * @param rules   rules by id, in insertion order
 * @param version increases with every change
 */
record RuleSet(Map<String, Rule> rules, int version) {
    RuleSet {
        rules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rules));
    }
}
