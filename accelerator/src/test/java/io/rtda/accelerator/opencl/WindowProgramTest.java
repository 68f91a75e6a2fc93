package io.rtda.accelerator.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowProgramTest {

    @Test
    void shouldCapRegistersOnNvidiaOnly() {
        assertEquals("-DPER=16 -cl-nv-maxrregcount=64", WindowProgram.options(16, true, ""));
        assertEquals("-DPER=16", WindowProgram.options(16, false, ""));
    }

    @Test
    void shouldLetTuningOptionsReplaceTheCapAndFollowTheDefaults() {
        assertEquals("-DPER=16 -cl-nv-verbose -cl-nv-maxrregcount=80",
                WindowProgram.options(16, true, " -cl-nv-verbose -cl-nv-maxrregcount=80 "));
        assertEquals("-DPER=16 -cl-nv-maxrregcount=64 -cl-nv-verbose",
                WindowProgram.options(16, true, "-cl-nv-verbose"));
        assertEquals("-DPER=16 -cl-fast-relaxed-math", WindowProgram.options(16, false, "-cl-fast-relaxed-math"));
    }
}
