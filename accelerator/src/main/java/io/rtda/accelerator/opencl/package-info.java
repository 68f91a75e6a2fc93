/**
 * The OpenCL backend (through JOCL): device-resident window rings, a scatter kernel that places each
 * batch's appended samples (one pinned-staging transfer per batch), and kernels for moments, min, max,
 * slope sums and exact quantiles. The only package that touches raw OpenCL handles; one
 * {@link io.rtda.accelerator.opencl.OpenClWindows} owns every handle and frees them in close(). The same
 * kernels run on GPUs and, in CI, on PoCL's CPU device.
 */
package io.rtda.accelerator.opencl;
