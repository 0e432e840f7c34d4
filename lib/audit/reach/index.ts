export { CniChoice, ClusterModel, ModelOptions, PolicyObject, ServedPort, ServiceInfo, Workload, WorkloadMesh, buildModel } from './model';
export { ReachNote } from './reading';
export {
  DEFAULT_MAX_FLOWS, DnsAccess, Flow, ReachLimitError, ReachOptions, ReachResult, cidrContains, computeReach, dnsQueryAllowed, reachExposure,
} from './engine';
export { Resolution, resolveName } from './dns';
export { Exposure, ExposureChange, compareExposure, exposureChange, exposureOf, exposureOfFlows } from './exposure';
export {
  ReachReport, exposureLine, exposureLines, formatReachJson, formatReachJsonChunks, formatReachTable, formatReachTableChunks, reachJson,
} from './format';
export { formatReachHtml, formatReachHtmlChunks, formatReachMermaid, formatReachMermaidChunks } from './format-graph';
