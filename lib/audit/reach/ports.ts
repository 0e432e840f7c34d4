import { ServedPort, Workload } from './model';

/** A destination port asked about: a number, or `'*'` (the destination declares no port: only "every port" rules allow it). */
export interface PortQuery {
  /** Port number, or `'*'`. */
  readonly port: number | '*';
  /** Protocol (`TCP`, `UDP`, `SCTP`; `ANY` with `'*'`). */
  readonly protocol: string;
  /** Container port name at the destination, when named (named-port rules match by it). */
  readonly name?: string;
}

/** The port query of a served port. */
function portQuery(port: ServedPort): PortQuery {
  return { port: port.port, protocol: port.protocol, ...(port.name !== undefined ? { name: port.name } : {}) };
}

/** The queries of a destination: one per served port, or `'*'` when it declares none. */
export function portQueries(workload: Workload): PortQuery[] {
  return workload.ports.length > 0 ? workload.ports.map(portQuery) : [{ port: '*', protocol: 'ANY' }];
}

/**
 * Whether a rule port (`port` number or name, optional `endPort`, protocol; `ANY` in Cilium) allows `query`.
 * A rule without a port allows every port of its protocol. `'*'` queries are allowed only by such rules.
 */
export function rulePortAllows(rule: { port?: unknown; endPort?: unknown; protocol?: unknown }, query: PortQuery, defaultProtocol: string): boolean {
  const protocol = typeof rule.protocol === 'string' ? rule.protocol.toUpperCase() : defaultProtocol;
  const anyProtocol = protocol === 'ANY';
  if (!anyProtocol && query.protocol !== 'ANY' && protocol !== query.protocol) return false;
  if (query.port === '*') return anyProtocol && isAllPorts(rule.port);
  if (isAllPorts(rule.port)) return true;
  const numeric = typeof rule.port === 'number' ? rule.port : /^[0-9]+$/.test(String(rule.port)) ? Number(rule.port) : undefined;
  if (numeric === undefined) return query.name !== undefined && query.name === rule.port;
  const end = typeof rule.endPort === 'number' ? rule.endPort : numeric;
  return query.port >= numeric && query.port <= end;
}

function isAllPorts(port: unknown): boolean {
  return port === undefined || port === null || port === 0 || port === '0' || port === '';
}
