import * as fc from 'fast-check';
import { checkImage, isRegistryAllowed, parseImageReference } from '../../lib/core/image';
import { Problems } from '../../lib/core/validation';

const full = (raw: string): string | undefined => {
  const ref = parseImageReference(raw);
  return ref === undefined ? undefined : `${ref.registry}/${ref.repository}`;
};

// Cases from distribution/reference normalize_test.go (TestValidateReferenceName, TestValidateRemoteName,
// TestParseRepositoryInfo): the parser container runtimes use, ParseNormalizedNamed in normalize.go.
describe('parseImageReference (distribution/reference ParseNormalizedNamed)', () => {
  test.each([
    // [familiar, full, ambiguous] names of TestParseRepositoryInfo all give the same registry and repository
    ['localhost/fooo', 'localhost/fooo'],
    ['localhost/fooo/bar', 'localhost/fooo/bar'],
    ['LOCALDOMAIN/fooo', 'LOCALDOMAIN/fooo'],
    ['fooo/bar', 'docker.io/fooo/bar'], ['docker.io/fooo/bar', 'docker.io/fooo/bar'], ['index.docker.io/fooo/bar', 'docker.io/fooo/bar'],
    ['ubuntu', 'docker.io/library/ubuntu'], ['library/ubuntu', 'docker.io/library/ubuntu'], ['docker.io/library/ubuntu', 'docker.io/library/ubuntu'],
    ['other/library', 'docker.io/other/library'],
    ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000/private/moonbase'],
    ['example.com:8000/privatebasee', 'example.com:8000/privatebasee'],
    ['ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base'], ['index.docker.io/library/ubuntu-12.04-base', 'docker.io/library/ubuntu-12.04-base'],
    ['foo', 'docker.io/library/foo'], ['docker.io/foo', 'docker.io/library/foo'],
    ['library/foo/bar', 'docker.io/library/foo/bar'], ['store/foo/bar', 'docker.io/store/foo/bar'],
    ['Foo/bar', 'Foo/bar'], ['FOO/bar', 'FOO/bar'],
    // TestValidateReferenceName: IPv6 registries, numeric names, a 64-hex path under a registry
    ['[fc00::1]:5000/docker/docker', '[fc00::1]:5000/docker/docker'],
    ['[fc00:1:2:3:4:5:6:7]:5000/library/debian', '[fc00:1:2:3:4:5:6:7]:5000/library/debian'],
    ['192.168.0.1', 'docker.io/library/192.168.0.1'],
    ['docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', 'docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a'],
    // TestValidateRemoteName
    ['docker---rules/docker', 'docker.io/docker---rules/docker'], ['dock__er/docker', 'docker.io/dock__er/docker'], ['jess/t', 'docker.io/jess/t'],
  ])('%s is %s', (raw, expected) => {
    expect(full(raw)).toBe(expected);
  });

  test.each([
    'https://github.com/docker/docker', 'docker/Docker', '-docker', '-docker/docker', '-docker.io/docker/docker', 'docker///docker',
    'docker.io/docker/Docker', 'docker.io/docker///docker', '[fc00::1]', '[fc00::1]:5000', 'fc00::1:5000/debian', '[fe80::1%eth0]:5000/debian',
    '[2001:db8:3:4::192.0.2.33]:5000/debian', '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    'docker-/docker', '-docker-/docker', '____/____', '_docker/_docker', 'dock..er/docker', 'dock_.er/docker', 'dock-.er/docker', 'docker/',
    `this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_${'x'.repeat(200)}/docker`, '', 'nginx latest',
  ])('%j is refused', (raw) => {
    expect(parseImageReference(raw)).toBeUndefined();
  });

  test('tags and digests: sha256, sha384 and sha512 of the right length, lowercase hex (opencontainers/go-digest)', () => {
    expect(parseImageReference(`nginx:1.27@sha256:${'a'.repeat(64)}`)).toMatchObject({ tag: '1.27', digest: `sha256:${'a'.repeat(64)}` });
    expect(parseImageReference(`nginx@sha512:${'0'.repeat(128)}`)?.digest).toBe(`sha512:${'0'.repeat(128)}`);
    expect(parseImageReference(`nginx@sha384:${'0'.repeat(96)}`)?.digest).toBe(`sha384:${'0'.repeat(96)}`);
    expect(parseImageReference(`nginx@sha256:${'a'.repeat(63)}`)).toBeUndefined();
    expect(parseImageReference(`nginx@sha256:${'A'.repeat(64)}`)).toBeUndefined();
    expect(parseImageReference(`nginx@md5:${'a'.repeat(32)}`)).toBeUndefined();
    expect(parseImageReference(`nginx:${'t'.repeat(128)}`)?.tag).toHaveLength(128);
    expect(parseImageReference(`nginx:${'t'.repeat(129)}`)).toBeUndefined();
    expect(parseImageReference('localhost:5000/foo/bar:v1')).toMatchObject({ registry: 'localhost:5000', repository: 'foo/bar', tag: 'v1' });
  });
});

describe('parseImageReference remembers what it parsed', () => {
  test('a second parse of a string equals the first, and every caller gets its own object (1,000 cases)', () => {
    const part = fc.constantFrom('registry.example.com', 'localhost:5000', 'index.docker.io', 'nginx', 'Library', 'a', '', '/', ':', '@', ':1.0', '__', '-', '.');
    const digest = fc.constantFrom('', `@sha256:${'a'.repeat(64)}`, `@sha256:${'a'.repeat(63)}`, `@sha512:${'0'.repeat(128)}`);
    const reference = fc.oneof(
      fc.tuple(fc.array(part, { maxLength: 5 }), digest).map(([parts, d]) => `${parts.join('/')}${d}`),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(fc.property(reference, (raw) => {
      const first = parseImageReference(raw);
      const second = parseImageReference(raw);
      expect(second).toEqual(first);
      if (first !== undefined) {
        expect(second).not.toBe(first);
        (first as { tag?: string }).tag = 'changed by a caller';
        expect(parseImageReference(raw)).toEqual(second);
      }
    }), { numRuns: 1000 });
  });
});

describe('the registry allow-list agrees for every spelling of an image', () => {
  test.each(['nginx:1.27', 'docker.io/nginx:1.27', 'index.docker.io/library/nginx:1.27', 'library/nginx:1.27'])('%s', (raw) => {
    const ref = parseImageReference(raw)!;
    expect(isRegistryAllowed(ref, ['docker.io/library'])).toBe(true);
    expect(isRegistryAllowed(ref, ['index.docker.io'])).toBe(true);
    expect(isRegistryAllowed(ref, ['docker.io/nginx'])).toBe(true);
    expect(isRegistryAllowed(ref, ['registry.example.com'])).toBe(false);
    const problems = new Problems();
    checkImage(problems, 'image', raw, { requireDigest: false, allowedRegistries: ['registry.example.com'] });
    expect(problems.list.map((p) => p.message)).toEqual(["comes from registry 'docker.io', which is not in the allow-list"]);
  });

  test('a host/path entry is a prefix of whole path components', () => {
    const ref = parseImageReference('registry.example.com/payments/api:1.0')!;
    expect(isRegistryAllowed(ref, ['registry.example.com/payments'])).toBe(true);
    expect(isRegistryAllowed(ref, ['registry.example.com/pay'])).toBe(false);
    expect(isRegistryAllowed(parseImageReference('bitnami/redis:7')!, ['docker.io/bitnami'])).toBe(true);
  });
});
