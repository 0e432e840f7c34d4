import { requireAcknowledgement } from '../acknowledgements';
import { K8sObject } from '../manifest';
import { ResolvedWorkload } from '../resolved-workload';
import { Problems } from '../validation';
import { checkTraffic, trafficObjects } from './workload-traffic';

/**
 * The traffic part of SecureDeployment and PaymentService (a `WorkloadPart`): it checks the `TrafficProps` of the
 * workload's props and renders its network policies, Istio policies and reciprocal rules.
 */

/** Kind whose traffic defaults are stricter (issue 3 item 5). */
export const PAYMENT_SERVICE_KIND = 'PaymentService';

/** Records every traffic problem of `workload`, with the PaymentService bar when it is one. */
export function checkWorkloadTraffic(workload: ResolvedWorkload, problems: Problems): void {
  const props = workload.props;
  checkTraffic(problems, workload.ref, props, workload.profile);
  if (workload.kind !== PAYMENT_SERVICE_KIND) return;
  const meshMode = props.meshMode ?? workload.profile.namespace.meshMode;
  if (meshMode === 'none') {
    problems.add('meshMode', meshMode, 'a PaymentService needs the mesh (mTLS identity, JWT and rate limit)', "run it in a ZeroTrustNamespace with meshMode 'sidecar' or 'ambient'.");
  }
  if ((props.allowFrom ?? []).length === 0) {
    problems.add('allowFrom', props.allowFrom, 'a PaymentService accepts traffic only from declared peers, and none is declared',
      'list the callers, e.g. allowFrom: [{ peer: gateway.ref, http: [{ methods: ["POST"], paths: ["/v1/payments"] }] }].');
  }
  if (props.jwt === undefined) {
    requireAcknowledgement(problems, workload.acknowledgements, 'KH-MESH-007', 'jwt', undefined, 'a PaymentService requires a JWT on every request', 'set jwt: { issuer, jwks }');
  }
  if (props.rateLimit === undefined) {
    requireAcknowledgement(problems, workload.acknowledgements, 'KH-MESH-008', 'rateLimit', undefined, 'a PaymentService is rate limited', "set rateLimit: { requests, per: 'second' }");
  }
}

/** Renders the traffic objects of a checked workload. */
export function renderWorkloadTrafficPart(workload: ResolvedWorkload): K8sObject[] {
  const servicePorts = Object.fromEntries(workload.ports.map((p) => [p.port, p.servicePort]));
  return trafficObjects({ ref: workload.ref, labels: workload.labels, servicePorts }, workload.props, workload.profile);
}
