package io.rtda.models.score;

/** On which side of the expected value the scored value lies. */
public enum Direction {
    ABOVE, BELOW, NONE
}
