import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { expect, it } from 'vitest'
import { startLocalNetwork } from '../src/network.ts'

const urlOf = (network: { endpoints: { name: string; url: string }[] }, kind: RegExp) =>
  network.endpoints.find((e) => kind.test(e.name))?.url as string

async function login(identity: string) {
  const wallet = privateKeyToAccount(generatePrivateKey())
  const { message } = (await (await fetch(`${identity}/api/auth/nonce?address=${wallet.address}`)).json()) as {
    message: string
  }
  const signature = await wallet.signMessage({ message })
  const verified = await fetch(`${identity}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address: wallet.address, message, signature }),
  })
  const { jwt } = (await verified.json()) as { jwt: string }
  const wallets = await fetch(`${identity}/spaceos.identity.v1.IdentityService/GetWallets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: '{}',
  })
  return { wallet, wallets: (await wallets.json()) as { connected: string; proxy?: string; nativeAccount?: string } }
}

it('spaceos up wires identity to KIS and the devnet: a first login gets a proxy wallet and a native account on the chain, also after a restart', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-up-identity-'))
  const options = {
    host: '127.0.0.1',
    antelopePort: 0,
    evmPort: 0,
    identityPort: 0,
    kisPort: 0,
    stateDir,
    reset: false,
    dev: false,
  }
  let firstKeyId: string | undefined
  for (const round of [1, 2]) {
    const network = await startLocalNetwork(options)
    try {
      const { wallet, wallets } = await login(urlOf(network, /^identity/))
      expect(wallets.connected).toBe(wallet.address.toLowerCase())
      expect(wallets.proxy).toMatch(/^0x[0-9a-f]{40}$/)
      expect(wallets.nativeAccount).toMatch(/^sp[a-z1-5]{10}$/)
      const account = await fetch(`${urlOf(network, /Antelope/)}/v1/chain/get_account`, {
        method: 'POST',
        body: JSON.stringify({ account_name: wallets.nativeAccount }),
      })
      expect(account.status).toBe(200)
      // the creator key was imported into KIS once; the restart reuses its key ID
      const creator = JSON.parse(readFileSync(join(stateDir, 'identity', 'creator.json'), 'utf8'))
      expect(creator).toMatchObject({ account: 'eosio', keyId: expect.any(String) })
      if (round === 2) expect(creator.keyId).toBe(firstKeyId)
      firstKeyId = creator.keyId
    } finally {
      await network.stop()
    }
  }
})
