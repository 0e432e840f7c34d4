import { SecureDeploymentProps } from '../../lib/core';

/** A digest-pinned image reference for tests. */
export const PINNED_IMAGE = `registry.example.com/shop/api:1.4.2@sha256:${'a'.repeat(64)}`;

/** Minimal valid SecureDeployment props. */
export const MINIMAL: SecureDeploymentProps = { name: 'api', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }] };

/** Render context of the tests. */
export const CONTEXT = { namespace: 'shop' };
