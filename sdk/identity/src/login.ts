import type { Account, Chain, Transport, WalletClient } from 'viem'
import type { DeviceKeys } from './deviceKeys.ts'
import { IdentityRequestError } from './errors.ts'

/** An authenticated session: the JWT and what it says. */
export type Session = {
  /** The identity node's base URL. */
  url: string
  /** The account ID: the lowercase wallet address [NP-AUTH-002]. */
  account: string
  jwt: string
  expiresAtMs: number
  /** Set for a device token. */
  deviceId?: string
}

/** Options of {@link login}. */
export type LoginOptions = {
  /** The identity node's base URL. */
  url: string
  /** Name this device's keys in the signed message so it can register as the first device (spec/AUTH.md §4.2). */
  device?: DeviceKeys
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch
}

async function rest(fetcher: typeof fetch, url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetcher(url, init)
  const body = (await response.json()) as Record<string, unknown>
  if (!response.ok) {
    const error = (body.error ?? {}) as { code?: string; message?: string; details?: Record<string, string> }
    throw new IdentityRequestError({
      code: error.code ?? `HTTP_${response.status}`,
      message: error.message ?? response.statusText,
      ...(error.details === undefined ? {} : { details: error.details }),
      retryAfterMs: Number(response.headers.get('retry-after') ?? 0) * 1000,
    })
  }
  return body
}

/**
 * Logs in with any viem wallet client (injected, WalletConnect, local account …): asks the node for a nonce, has the
 * wallet `personal_sign` the EIP-4361 message unchanged [NP-AUTH-021], and exchanges the signature for an account JWT.
 *
 * @example
 * import { createWalletClient, custom } from 'viem'
 * import { login } from '@spaceos/identity'
 * const walletClient = createWalletClient({ transport: custom(window.ethereum) })
 * const session = await login(walletClient, { url: 'https://id.spaceos.example' })
 */
export async function login(
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>,
  options: LoginOptions,
): Promise<Session> {
  const fetcher = options.fetch ?? fetch
  const url = options.url.replace(/\/$/, '')
  const account = walletClient.account ?? { address: (await walletClient.getAddresses())[0] }
  const address = account.address
  if (address === undefined)
    throw new IdentityRequestError({ code: 'UNAUTHENTICATED', message: 'The wallet has no account.' })
  const query = new URLSearchParams({ address })
  if (options.device !== undefined) {
    query.set('signing_public_key', Buffer.from(options.device.signing.publicKey).toString('base64url'))
    query.set('encryption_public_key', Buffer.from(options.device.box.publicKey).toString('base64url'))
  }
  const challenge = await rest(fetcher, `${url}/api/auth/nonce?${query}`)
  const message = String(challenge.message)
  const signature = await walletClient.signMessage({
    account: walletClient.account ?? (address as `0x${string}`),
    message,
  })
  const verified = await rest(fetcher, `${url}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address, message, signature }),
  })
  return {
    url,
    account: address.toLowerCase(),
    jwt: String(verified.jwt),
    expiresAtMs: Number(verified.expiresAtMs),
  }
}
