import { SandboxRuntime } from './sensitivity';

/**
 * What a RuntimeClass's CRI `handler` runs. A handler is a name the nodes' container runtime configuration gives a
 * runtime (containerd `[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.<handler>]`), so only the names the
 * projects themselves install say what they run; any other name is unknown.
 */

/**
 * Handlers of OCI runtimes that isolate with namespaces and cgroups on the node's shared kernel, no sandbox: runc,
 * crun, youki, and the NVIDIA Container Runtime's `nvidia`, `nvidia-cdi` and `nvidia-legacy` (a shim that forwards
 * to runc).
 */
export const NON_SANDBOX_HANDLERS: readonly string[] = ['runc', 'crun', 'youki', 'nvidia', 'nvidia-cdi', 'nvidia-legacy'];

/** How the docs and errors name each runtime. */
export const RUNTIME_NAMES: Readonly<Record<SandboxRuntime, string>> = { runc: 'runc', gvisor: 'gVisor', kata: 'Kata Containers' };

/**
 * The runtime a CRI handler runs: `runc` for `NON_SANDBOX_HANDLERS`, `gvisor` for `runsc` (gVisor's containerd
 * shim) and `runsc-<suffix>`, `kata` for `kata` and the `kata-<hypervisor>` handlers kata-deploy installs
 * (`kata-qemu`, `kata-clh`, `kata-fc`...); `undefined` for any other name.
 */
export function runtimeOfHandler(handler: string): SandboxRuntime | undefined {
  if (NON_SANDBOX_HANDLERS.includes(handler)) return 'runc';
  if (handler === 'runsc' || handler.startsWith('runsc-')) return 'gvisor';
  if (handler === 'kata' || handler.startsWith('kata-')) return 'kata';
  return undefined;
}
