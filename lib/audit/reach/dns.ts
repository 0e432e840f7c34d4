import { DnsAccess, ReachResult, dnsQueryAllowed } from './engine';
import { fullyQualified } from './matchpattern';

/**
 * Name resolution through a pod's search path (`/etc/resolv.conf` of a ClusterFirst pod: `search <ns>.svc.<domain>
 * svc.<domain> <domain>`, `options ndots:5`). A name with fewer than five dots is tried with each search suffix
 * first, then as given. glibc stops at the first REFUSED answer and musl aborts: the name resolves only when every
 * query up to the first name that exists passes the DNS filter.
 */

/** The queries a pod in `namespace` sends for `name`, in order (a trailing dot means absolute: no search). */
export function searchPathQueries(name: string, namespace: string, clusterDomain: string): string[] {
  if (name.endsWith('.')) return [fullyQualified(name)];
  const suffixes = [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain];
  const dots = name.split('.').length - 1;
  const searched = suffixes.map((s) => fullyQualified(`${name}.${s}`));
  return dots >= 5 ? [fullyQualified(name), ...searched] : [...searched, fullyQualified(name)];
}

/** The outcome of resolving one name. */
export interface Resolution {
  /** Whether the pod gets an answer for the name. */
  readonly resolved: boolean;
  /** The queries sent, in order, up to the one that answers. */
  readonly queries: readonly string[];
  /** The first query the DNS filter refuses, when one is. */
  readonly refused?: string;
}

/**
 * Resolves `name` for the workload `workloadId`: in-cluster names exist when they are `<service>.<namespace>.svc.<domain>.`
 * of a Service of the input; any other name is assumed to exist as given (external).
 */
export function resolveName(result: ReachResult, workloadId: string, name: string): Resolution {
  const access: DnsAccess = result.dns.get(workloadId) ?? { reachable: false };
  const namespace = workloadId.split('/')[0];
  const all = searchPathQueries(name, namespace, result.clusterDomain);
  const absolute = fullyQualified(name);
  const exists = (query: string): boolean => {
    const suffix = `.svc.${result.clusterDomain}.`;
    if (query.endsWith(suffix)) {
      const parts = query.slice(0, -suffix.length).split('.');
      return parts.length === 2 && result.services.has(`${parts[0]}.${parts[1]}`);
    }
    return query === absolute;
  };
  const end = all.findIndex(exists);
  const queries = end < 0 ? all : all.slice(0, end + 1);
  const refused = queries.find((q) => !dnsQueryAllowed(access, q));
  return { resolved: end >= 0 && refused === undefined && access.reachable, queries, ...(refused !== undefined ? { refused } : {}) };
}
