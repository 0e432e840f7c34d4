/**
 * The Pulumi program of the payment platform: `pulumi up` here deploys it to the cluster of the current kubeconfig
 * context. The platform itself is built by `buildPaymentPlatform` (platform.ts), which the tests run under mocks.
 */
import { buildPaymentPlatform } from './platform';

const platform = buildPaymentPlatform();

/** In-cluster address of the API gateway. */
export const gatewayService = platform.gateway.serviceName;
/** Namespace of the workloads. */
export const namespace = platform.gateway.namespace;
/** Ports of the payment service's Service. */
export const paymentServicePorts = platform.paymentService.servicePorts;
/** The payment service's validated image. */
export const paymentImage = platform.paymentService.image;
/** Labels a namespace needs for its images to be verified. */
export const imageVerificationLabels = platform.imagePolicy.namespaceLabels;
/** How each workload is watched at runtime (the Kata gap is stated). */
export const runtimeCoverage = platform.runtimeDetection.coverage;
/** The CronJob whose runs prove the controls. */
export const probeCronJob = platform.probes.cronJobName;
/** Every object the platform created. */
export const objects = Object.values(platform).map((component) => component.objectKeys);
