import { findingsOf } from './helpers';
import { audit } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const SPELLINGS = [`nginx:1.27@${DIGEST}`, `docker.io/nginx:1.27@${DIGEST}`, `index.docker.io/library/nginx:1.27@${DIGEST}`];

const pod = (images: readonly string[]): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) },
});

// The image rules parse references with the core's parser (distribution/reference normalize.go semantics), so the
// three spellings of Docker Hub's official nginx get the same allow-list result.
describe('KH-IMG-004 treats every spelling of an image alike', () => {
  test('allowed under docker.io/library, index.docker.io or docker.io/nginx', () => {
    for (const allowedRegistries of [['docker.io/library'], ['index.docker.io'], ['docker.io/nginx']]) {
      expect(findingsOf(audit([pod(SPELLINGS)], { allowedRegistries }), 'KH-IMG-004')).toEqual([]);
    }
  });

  test('refused alike when only another registry is allowed, each naming docker.io', () => {
    const findings = findingsOf(audit([pod(SPELLINGS)], { allowedRegistries: ['registry.example.com'] }), 'KH-IMG-004');
    expect(findings.map((f) => f.path)).toEqual(['spec.containers[0].image', 'spec.containers[1].image', 'spec.containers[2].image']);
    expect(findings.every((f) => f.message.includes("from registry 'docker.io'"))).toBe(true);
  });

  test('a sha512 digest is a digest (KH-IMG-002/003 find nothing)', () => {
    const report = audit([pod([`registry.example.com/shop/web:1.0@sha512:${'b'.repeat(128)}`])], { allowedRegistries: ['registry.example.com'] });
    expect([...findingsOf(report, 'KH-IMG-002'), ...findingsOf(report, 'KH-IMG-003')]).toEqual([]);
  });
});
