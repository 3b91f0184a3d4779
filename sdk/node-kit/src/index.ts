export { configFields, type LoadConfigOptions, loadConfig, toEnvName } from './config.ts'
export { ConfigInvalidError, NodeKitError, ServiceStartError } from './errors.ts'
export { createHealth, type Health } from './health.ts'
export { type Running, type RunUntilSignalOptions, runUntilSignal } from './lifecycle.ts'
export { type CreateLoggerOptions, createLogger, type Logger, redactedKeys } from './logger.ts'
export { type CreateMetricsOptions, createMetrics, type Metrics } from './metrics.ts'
export { connectCodeOf, errorInterceptor, internalError, toConnectError } from './server/connectErrors.ts'
export {
  type ConnectMountOptions,
  createNodeApp,
  type InjectOptions,
  type InjectResponse,
  type NodeApp,
  type NodeAppOptions,
  type NodeRequest,
  type Reply,
  type RouteHandler,
  type RouteOptions,
} from './server/createNodeApp.ts'
export {
  type ErrorFormat,
  openAiErrorFormat,
  type RenderedError,
  retryAfterHeader,
  spaceosErrorFormat,
} from './server/errorFormat.ts'
export { readBody } from './server/readBody.ts'
export { REQUEST_ID_HEADER, requestIdOf } from './server/requestId.ts'
export { type RunningNodeServer, type ServeNodeAppOptions, serveNodeApp } from './server/serveNodeApp.ts'
export type { WebSocketEndpointOptions } from './server/websocket.ts'
export { type Service, type StartServiceOptions, startService } from './service.ts'
