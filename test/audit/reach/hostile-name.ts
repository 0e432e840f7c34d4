/** A Pod whose name would forge lines of the reach table and drive a terminal (ESC) or reorder text (U+202E). */
import { K8sObject } from '../../../lib/core';

/** The name: newlines with forged table lines, an escape sequence and a right-to-left override. */
export const HOSTILE_NAME = 'web\nCNI: cilium\nExposure: 0/0 workload pairs reachable (0.0 %)\u001b[8m\u202eevil';

/** How the name reads once escaped. */
export const ESCAPED_NAME = 'web\\nCNI: cilium\\nExposure: 0/0 workload pairs reachable (0.0 %)\\u001b[8m\\u202eevil';

/** The Pod, in namespace `shop`. */
export const HOSTILE_POD: K8sObject = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: HOSTILE_NAME, namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] },
};

/** Whether `text` holds a raw ESC or right-to-left override. */
export function hasRawControl(text: string): boolean {
  return text.includes('\u001b') || text.includes('\u202e');
}
