import { createIdentityClient } from './createIdentityClient.ts'
import { callIdentity } from './errors.ts'
import type { Session } from './login.ts'

/** The three wallets of an account (spec/AUTH.md §8). An empty string means "not provisioned yet". */
export type Wallets = {
  /** The user's own wallet, the account ID (lowercase). */
  connected: string
  /** The proxy EVM wallet held in KIS, which pays for protocol usage (lowercase), or `''`. */
  proxy: string
  /** The native Antelope account, or `''`. */
  nativeAccount: string
}

/**
 * The three wallets of the session's account [NP-AUTH-103]. Identity creates the proxy and native wallets at the
 * first login; a wallet the chain could not take yet is `''` and is retried by identity on the next call.
 *
 * @example
 * import { getWallets, login } from '@spaceos/identity'
 * const session = await login(walletClient, { url: 'http://127.0.0.1:8090' })
 * const { proxy, nativeAccount } = await getWallets(session)
 */
export async function getWallets(session: Session): Promise<Wallets> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const response = await callIdentity(() => identity.getWallets({}))
  return { connected: response.connected, proxy: response.proxy, nativeAccount: response.nativeAccount }
}
