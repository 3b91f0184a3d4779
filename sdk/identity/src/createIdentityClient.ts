import { type Client, createClient, type Transport } from '@connectrpc/connect'
import { createConnectTransport } from '@connectrpc/connect-node'
import { IdentityService } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'

/** A Connect client of `spaceos.identity.v1.IdentityService`. */
export type IdentityServiceClient = Client<typeof IdentityService>

/** Options of {@link createIdentityClient}. */
export type CreateIdentityClientOptions = {
  /** The identity node's base URL. */
  url: string
  /** A token sent as `Authorization: Bearer …` (account or device token). */
  jwt?: string
  /** A custom transport (e.g. `@connectrpc/connect-web` in browsers); default Connect over Node HTTP/1.1. */
  transport?: Transport
}

/**
 * Creates a Connect client of the identity service, optionally authenticated.
 *
 * @example
 * import { createIdentityClient } from '@spaceos/identity'
 * const identity = createIdentityClient({ url: 'http://127.0.0.1:8090', jwt: session.jwt })
 * const { devices } = await identity.listDevices({})
 */
export function createIdentityClient(options: CreateIdentityClientOptions): IdentityServiceClient {
  const jwt = options.jwt
  const transport =
    options.transport ??
    createConnectTransport({
      baseUrl: options.url,
      httpVersion: '1.1',
      interceptors:
        jwt === undefined
          ? []
          : [
              (next) => async (request) => {
                request.header.set('authorization', `Bearer ${jwt}`)
                return next(request)
              },
            ],
    })
  return createClient(IdentityService, transport)
}
