import { Problems } from './validation';

/** Checks of Kubernetes value formats the core emits: quantities, labels, port names, paths. */

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE]|)$/;

/** Checks a Kubernetes resource quantity such as `250m`, `1`, `160Mi`. */
export function checkQuantity(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    problems.add(field, value, 'is not a Kubernetes quantity', "write a quantity such as '250m', '1', '160Mi' or '1Gi'.");
  }
}

/** Checks every key and value of a label map (or node selector). */
export function checkLabelMap(problems: Problems, field: string, map: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    const name = key.includes('/') ? key.slice(key.lastIndexOf('/') + 1) : key;
    if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(name) || key.length > 316) {
      problems.add(`${field}.${key}`, key, 'is not a valid label key', "use '[prefix/]name' with a name of at most 63 characters of [A-Za-z0-9._-].");
    }
    if (typeof value !== 'string' || !/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(value)) {
      problems.add(`${field}.${key}`, value, 'is not a valid label value', 'use at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends.');
    }
  }
}

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** The numeric value of a quantity (`250m` = 0.25, `1Ki` = 1024), or `undefined` when it is not one. */
export function quantityValue(value: string): number | undefined {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  if (!match) {
    return undefined;
  }
  const base = Number(match[1]);
  const suffix = match[2];
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number.isFinite(base) && factor !== undefined ? base * factor : undefined;
}

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Checks a label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function checkLabelValue(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || !LABEL_VALUE.test(value)) {
    problems.add(field, value, 'is not a valid label value', 'use 1 to 63 characters of [A-Za-z0-9._-], alphanumeric at both ends.');
  }
}

/** Checks a DNS-1035 label (Service names): lowercase alphanumerics and '-', starting with a letter, at most 63. */
export function checkDns1035Label(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
    problems.add(field, value, 'must be a DNS-1035 label of at most 63 characters (it names the Service too)',
      "use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit.");
  }
}

/** Checks a port name (IANA service name): at most 15 lowercase alphanumerics or '-', one letter at least, no '--'. */
export function checkPortName(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    problems.add(field, value, 'is not a valid port name',
      "use 1 to 15 lowercase letters, digits and '-' with at least one letter, e.g. 'http' or 'grpc-api'.");
  }
}

/** Checks an absolute path without `..` segments (mount paths). */
export function checkAbsolutePath(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !value.startsWith('/') || value === '/' || value.split('/').includes('..') || /[\s:]/.test(value)) {
    problems.add(field, value, "must be an absolute path other than '/' without '..', ':' or spaces", "write a path such as '/etc/app' or '/var/cache/app'.");
  }
}
