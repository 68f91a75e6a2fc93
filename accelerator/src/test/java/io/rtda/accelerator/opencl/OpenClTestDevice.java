package io.rtda.accelerator.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device tests run on: a GPU if present, else any device with doubles (PoCL's CPU device in
 * CI). Without one the tests are skipped with the remedy, unless {@code RTDA_REQUIRE_OPENCL=1} (set by
 * .ci/run, which installs PoCL) makes that a failure, so CI can never pass them silently.
 */
final class OpenClTestDevice {
    private OpenClTestDevice() {
    }

    static OpenClDevice require() {
        Optional<OpenClDevice> device;
        String problem;
        try {
            device = OpenClDevice.choose(true);
            problem = "no OpenCL device with double precision";
        } catch (IllegalStateException e) {
            device = Optional.empty();
            problem = e.getMessage();
        }
        if (device.isEmpty()) {
            String reason = problem + ": install pocl-opencl-icd, ocl-icd-libopencl1 and ocl-icd-opencl-dev";
            if ("1".equals(System.getenv("RTDA_REQUIRE_OPENCL"))) {
                fail(reason + " (RTDA_REQUIRE_OPENCL=1)");
            }
            Assumptions.abort(reason);
        }
        return device.get();
    }
}
