export * from './parse-manifests';
export * from './audit-sources';
