import { Json } from '../pod-spec';
import { push } from './candidates';
import { SourceIdentity, istioStringMatches, policyAction, policyRules, strings } from './istio';
import { PolicyObject, Workload } from './model';
import { isSet } from './reading';
import { sourcesOf } from '../rules/mesh/istio';

/**
 * The sources Istio's ALLOW policies can admit to a destination, found through indexes of the sources' principals
 * and namespaces instead of evaluating every source: the reachability engine then evaluates only those pairs, so a
 * mesh whose AuthorizationPolicies name their callers costs the pairs they name, not the square of its workloads.
 * Over-approximates: a source clause is matched on its `principals` (else its `namespaces`) alone, and ports,
 * conditions and DENY policies, which only narrow it, are left to the evaluation (`evaluateAuthorization`). `'all'`
 * when no ALLOW policy applies or a rule can admit a source it does not name (no `from`, or a source clause with
 * neither `principals` nor `namespaces`, such as `notPrincipals` or `requestPrincipals` alone).
 */
export class MeshCandidates {
  private readonly byPrincipal = new Map<string, Workload[]>();
  private readonly byNamespace = new Map<string, Workload[]>();
  /** The sources with an identity (in the mesh), with it: the ones a pattern with a wildcard is matched against. */
  private readonly identified: ReadonlyArray<{ readonly source: Workload; readonly identity: Required<SourceIdentity> }>;

  /**
   * @param sources the sources
   * @param identity each source's identity as the destination's proxy sees it (none: plaintext, which no principal
   *   or namespace matches)
   */
  constructor(sources: readonly Workload[], identity: (source: Workload) => SourceIdentity) {
    const identified: { source: Workload; identity: Required<SourceIdentity> }[] = [];
    for (const source of sources) {
      const { principal, namespace } = identity(source);
      if (principal === undefined || namespace === undefined) continue;
      identified.push({ source, identity: { principal, namespace } });
      push(this.byPrincipal, principal, source);
      push(this.byNamespace, namespace, source);
    }
    this.identified = identified;
  }

  /** The sources the ALLOW policies among `policies` can admit (a superset), or `'all'`. */
  public admitted(policies: readonly PolicyObject[]): ReadonlySet<Workload> | 'all' {
    // the same reading of actions, rules and sources as the evaluation's (`evaluateAuthorization`)
    const allows = policies.filter((p) => policyAction(p) === 'ALLOW');
    if (allows.length === 0) return 'all';
    const into = new Set<Workload>();
    for (const policy of allows) {
      for (const rule of policyRules(policy)) {
        const from = sourcesOf(rule);
        if (from.length === 0) return 'all';
        for (const source of from) {
          if (this.addNamed(source, into) === 'all') return 'all';
        }
      }
    }
    return into;
  }

  /** Adds the sources a source clause can match; `'all'` when it names none of them. */
  private addNamed(source: Json, into: Set<Workload>): 'all' | undefined {
    // an address block never matches here (pod addresses are unknown), as in the evaluation
    if (isSet(source.ipBlocks) || isSet(source.remoteIpBlocks)) return undefined;
    if (isSet(source.principals)) {
      this.addMatching(strings(source.principals), this.byPrincipal, 'principal', into);
    } else if (isSet(source.namespaces)) {
      this.addMatching(strings(source.namespaces), this.byNamespace, 'namespace', into);
    } else {
      return 'all';
    }
    return undefined;
  }

  private addMatching(
    patterns: readonly string[], index: ReadonlyMap<string, readonly Workload[]>, field: keyof SourceIdentity, into: Set<Workload>,
  ): void {
    for (const pattern of patterns) {
      if (pattern.startsWith('*') || pattern.endsWith('*')) {
        for (const { source, identity } of this.identified) {
          if (istioStringMatches(pattern, identity[field])) into.add(source);
        }
      } else {
        for (const source of index.get(pattern) ?? []) into.add(source);
      }
    }
  }
}
