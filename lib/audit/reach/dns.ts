import { DnsAccess, ReachResult, dnsQueryAllowed } from './engine';
import { searchPathQueries } from '../../core/traffic/dns-pattern';

/**
 * Name resolution through a pod's search path (`searchPathQueries` of the core: `search <ns>.svc.<domain>
 * svc.<domain> <domain>`, `options ndots:5`). glibc stops at the first REFUSED answer and musl aborts: the name resolves only when every
 * query up to the first name that exists passes the DNS filter.
 */

/** The outcome of resolving one name. */
export interface Resolution {
  /** Whether the pod gets an answer for the name. */
  readonly resolved: boolean;
  /** The queries sent, in order, up to the one that answers. */
  readonly queries: readonly string[];
  /** The first query the DNS filter refuses, when one is. */
  readonly refused?: string;
}

function fullyQualified(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/**
 * Resolves `name` for the workload `workloadId`: in-cluster names exist when they are `<service>.<namespace>.svc.<domain>.`
 * of a Service of the input; any other name is assumed to exist as given (external).
 */
export function resolveName(result: ReachResult, workloadId: string, name: string): Resolution {
  const access: DnsAccess = result.dns.get(workloadId) ?? { reachable: false };
  const namespace = workloadId.split('/')[0];
  const all = searchPathQueries(name, namespace, result.clusterDomain).map(fullyQualified);
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
