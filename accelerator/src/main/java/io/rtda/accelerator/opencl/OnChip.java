package io.rtda.accelerator.opencl;

/**
 * Where {@link OpenClWindows}' quantile kernel keeps a window during its selection passes: in registers (16
 * samples per work-item, unrolled), or in local memory behind the selection's buffers (one loop: far less
 * code, and no registers held for samples). Windows that fit neither are read from global memory on every
 * pass.
 */
public enum OnChip {
    REGISTERS,
    LOCAL_MEMORY
}
