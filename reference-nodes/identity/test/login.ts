import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** Logs `wallet` in over REST; optional device keys are named in the message. */
export async function login(
  url: string,
  wallet: PrivateKeyAccount = privateKeyToAccount(generatePrivateKey()),
  device?: { signing: Uint8Array; encryption: Uint8Array },
): Promise<{ jwt: string; wallet: PrivateKeyAccount; message: string }> {
  const query = new URLSearchParams({ address: wallet.address })
  if (device !== undefined) {
    query.set('signing_public_key', Buffer.from(device.signing).toString('base64url'))
    query.set('encryption_public_key', Buffer.from(device.encryption).toString('base64url'))
  }
  const { message } = (await (await fetch(`${url}/api/auth/nonce?${query}`)).json()) as { message: string }
  const signature = await wallet.signMessage({ message })
  const response = await post(url, '/api/auth/verify', { address: wallet.address, message, signature })
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`)
  return { jwt: (response.body as { jwt: string }).jwt, wallet, message }
}

/** POSTs JSON and returns status, headers and parsed body. */
export async function post(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.json(), headers: response.headers }
}
