/**
 * The synth floor (see `measure.ts`): objects rendered beforehand (`objects.ts`, read from `params.file`) as bare cdk8s
 * ApiObjects to YAML, the namespaced ones in a Chart with the bench namespace and the cluster-scoped ones in a Chart
 * without one, as `synth.ts` places them. Loads cdk8s alone. Each round returns the YAML's size and the number of objects.
 */
import { readFileSync } from 'node:fs';
import { ApiObject } from 'cdk8s';
import { newApp, synthesized } from './cdk8s-app';
import type { Subject } from './measure';
import type { K8sObject } from '../lib/core';

/** Prepares the floor over the objects in `params.file` (`name` is `floor`). */
export function prepare(name: string, params: { file?: string }): Subject {
  if (name !== 'floor') throw new Error(`unknown floor subject '${name}'`);
  const objects = JSON.parse(readFileSync(String(params.file), 'utf8')) as K8sObject[];
  return () => {
    const { app, chart, cluster } = newApp();
    for (const obj of objects) {
      new ApiObject(obj.metadata.namespace === undefined ? cluster : chart, `${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`, obj as never);
    }
    return synthesized(app);
  };
}
