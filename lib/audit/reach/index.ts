export { CniChoice, ClusterModel, ModelOptions, PolicyObject, ServedPort, ServiceInfo, Workload, WorkloadMesh, buildModel } from './model';
export { DnsAccess, Flow, ReachOptions, ReachResult, cidrContains, computeReach, dnsQueryAllowed } from './engine';
export { Resolution, resolveName } from './dns';
export { Exposure, ExposureChange, compareExposure, exposureChange, exposureOf } from './exposure';
export { ReachReport, exposureLines, formatReachHtml, formatReachJson, formatReachMermaid, formatReachTable, reachJson } from './format';
