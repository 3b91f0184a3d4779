/** Base error of @spaceos/node-kit: a short message, a stable code and optional details. */
export class NodeKitError extends Error {
  override name = 'NodeKitError'
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }
}

/** A config value is missing or invalid. The message names the setting and the environment variable to fix. */
export class ConfigInvalidError extends NodeKitError {
  override name = 'ConfigInvalidError'
  constructor(readonly problems: { key: string; env: string; message: string }[]) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration:\n${problems.map((p) => `  - ${p.key} (env ${p.env}): ${p.message}`).join('\n')}`,
      { details: { problems } },
    )
  }
}

/** A supervised child process exited or never became ready. */
export class ServiceStartError extends NodeKitError {
  override name = 'ServiceStartError'
  constructor(service: string, reason: string, output: string) {
    super(
      'SERVICE_START_FAILED',
      `${service} failed to start: ${reason}${output ? `\n--- last output ---\n${output}` : ''}`,
      {
        details: { service, reason },
      },
    )
  }
}
