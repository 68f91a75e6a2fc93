package io.rtda.accelerator.opencl;

/** The device cannot hold what was asked of it; the message names the sizes and the remedy. */
public final class DeviceMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
