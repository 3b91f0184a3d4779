import { createHash, randomBytes } from 'node:crypto'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { createDevice, createWallet, type IdentityClient, logIn } from './client.ts'
import { b64, firstDevice, redeemRequest, sealed } from './moreCases.ts'
import { expectCode, expectOk, type IdentityContext, role } from './shared.ts'

const alphabet = 'abcdefghijklmnopqrstuvwxyz12345'

/** The native account name of spec/AUTH.md NP-AUTH-101, computed from the spec text alone. */
export function expectedNativeAccount(account: string): string {
  const hash = createHash('sha256').update(account, 'utf8').digest()
  return `sp${Array.from({ length: 10 }, (_, i) => alphabet[(hash[i] ?? 0) % 31]).join('')}`
}

type Wallets = { connected: string; proxy: string; nativeAccount: string }

async function getWallets(client: IdentityClient, jwt: string, what: string): Promise<Wallets> {
  const answer = await client.call('GetWallets', {}, jwt)
  expectOk(answer, what)
  return {
    connected: String(answer.body.connected ?? ''),
    proxy: String(answer.body.proxy ?? ''),
    nativeAccount: String(answer.body.nativeAccount ?? ''),
  }
}

/** Reads an Antelope account through the chain API (`/v1/chain/get_account`); undefined when it does not exist. */
async function getChainAccount(antelopeUrl: string, name: string) {
  const response = await fetch(`${antelopeUrl.replace(/\/$/, '')}/v1/chain/get_account`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account_name: name }),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) return undefined
  return (await response.json()) as {
    account_name: string
    permissions: {
      perm_name: string
      required_auth: { threshold: number; keys: { key: string; weight: number }[]; accounts: unknown[] }
    }[]
  }
}

/** Registers device B of `a`'s account by pairing; answers B's device token and ID. */
async function pairSecondDevice(client: IdentityClient, a: Awaited<ReturnType<typeof firstDevice>>) {
  const created = await client.call('CreatePairingCode', {}, a.deviceJwt)
  expectOk(created, 'CreatePairingCode')
  const b = createDevice()
  const redeemed = await client.call('RedeemPairingCode', redeemRequest(a.account, String(created.body.code), b))
  expectOk(redeemed, 'RedeemPairingCode')
  const pairingId = String(created.body.pairingId)
  expectOk(await client.call('CompletePairing', { pairingId, sealedSecret: sealed() }, a.deviceJwt), 'CompletePairing')
  const result = await client.call('GetPairingResult', { pairingId, claimToken: String(redeemed.body.claimToken) })
  expectOk(result, 'GetPairingResult')
  return { deviceJwt: String(result.body.jwt), deviceId: b.deviceId }
}

/** A key envelope of the right size (92 bytes); identity stores ciphertext it cannot open, so random bytes do. */
const envelope = (deviceId: string, epoch: number, bytes = randomBytes(92)) => ({
  deviceId,
  epoch,
  envelope: b64(bytes),
})

/** The three wallets (spec/AUTH.md §8) and private-scope key epochs (spec/MEMORY.md §7.4–§7.5). */
export const walletCases: ConformanceCase<IdentityContext>[] = [
  defineCase<IdentityContext>({
    id: 'identity.wallets',
    title:
      'GetWallets returns the caller’s connected wallet, a proxy EVM wallet and the native account named from the address hash, the same on every call',
    requirements: ['NP-AUTH-100', 'NP-AUTH-101', 'NP-AUTH-102', 'NP-AUTH-103', 'NP-AUTH-104', 'NP-AUTH-108'],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const { jwt } = await logIn(client, wallet)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      const account = wallet.address.toLowerCase()
      const first = await getWallets(client, jwt, 'GetWallets')
      if (first.connected !== account)
        throw new CaseFailedError('connected wallet is the account', { expected: account, actual: first.connected })
      if (!/^0x[0-9a-fA-F]{40}$/.test(first.proxy))
        throw new CaseFailedError('proxy wallet is an EVM address', { actual: first.proxy })
      if (first.proxy.toLowerCase() === account)
        throw new CaseFailedError('the proxy wallet is not the connected wallet', { actual: first.proxy })
      const native = expectedNativeAccount(account)
      if (first.nativeAccount !== native)
        throw new CaseFailedError('native account name', { expected: native, actual: first.nativeAccount })
      // A second login of the same wallet must not create a second proxy wallet.
      const again = await logIn(client, wallet)
      if (again.jwt === undefined) throw new CaseFailedError('second login must succeed')
      const second = await getWallets(client, again.jwt, 'GetWallets after a second login')
      if (JSON.stringify(second) !== JSON.stringify(first))
        throw new CaseFailedError('wallets are stable across logins', {
          expected: JSON.stringify(first),
          actual: JSON.stringify(second),
        })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.wallets.own-only',
    title:
      'GetWallets answers only the calling account’s wallets; two accounts never share a wallet; no token, no wallets',
    requirements: ['NP-AUTH-103', 'NP-AUTH-100'],
    role,
    async run({ client }) {
      const alice = createWallet()
      const bob = createWallet()
      const [a, b] = await Promise.all([logIn(client, alice), logIn(client, bob)])
      if (a.jwt === undefined || b.jwt === undefined) throw new CaseFailedError('logins must succeed')
      const [wa, wb] = await Promise.all([getWallets(client, a.jwt, 'alice'), getWallets(client, b.jwt, 'bob')])
      if (wa.connected !== alice.address.toLowerCase() || wb.connected !== bob.address.toLowerCase())
        throw new CaseFailedError('each caller sees its own account', { actual: `${wa.connected} ${wb.connected}` })
      if (wa.proxy.toLowerCase() === wb.proxy.toLowerCase() || wa.nativeAccount === wb.nativeAccount)
        throw new CaseFailedError('two accounts never share a proxy wallet or native account', {
          actual: JSON.stringify([wa, wb]),
        })
      expectCode(await client.call('GetWallets', {}), 'UNAUTHENTICATED', 'GetWallets without a token')
      // Request fields cannot select another account (the request message has none; unknown JSON fields are ignored or refused).
      const smuggled = await client.call('GetWallets', { connected: wb.connected }, a.jwt)
      if (smuggled.ok && String(smuggled.body.connected) !== wa.connected)
        throw new CaseFailedError('a request field must not select another account', {
          actual: String(smuggled.body.connected),
        })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.wallets.chain',
    title: 'the native account exists on the chain, owner and active each held by one key at threshold 1',
    requirements: ['NP-AUTH-102'],
    role,
    async run({ client, antelopeUrl }) {
      if (antelopeUrl === undefined)
        skipCase('needs --antelope-url (the chain API the node creates native accounts on)')
      const wallet = createWallet()
      const { jwt } = await logIn(client, wallet)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      const wallets = await getWallets(client, jwt, 'GetWallets')
      const onChain = await getChainAccount(antelopeUrl as string, wallets.nativeAccount)
      if (onChain === undefined)
        throw new CaseFailedError('the native account exists on the chain', { actual: wallets.nativeAccount })
      const keys = ['owner', 'active'].map((name) => {
        const permission = onChain.permissions.find((p) => p.perm_name === name)
        const auth = permission?.required_auth
        if (auth === undefined || auth.threshold !== 1 || auth.keys.length !== 1 || auth.accounts.length !== 0)
          throw new CaseFailedError(`${name} is held by exactly one key`, { actual: JSON.stringify(permission) })
        return auth.keys[0]?.key
      })
      if (keys[0] !== keys[1])
        throw new CaseFailedError('owner and active hold the KIS key', { actual: keys.join(' ') })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.api-keys.proxy-wallet',
    title: 'CheckApiKey answers the key’s account and that account’s proxy wallet',
    requirements: ['NP-AUTH-093', 'NP-AUTH-095'],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const { jwt } = await logIn(client, wallet)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      const wallets = await getWallets(client, jwt, 'GetWallets')
      if (wallets.proxy === '') throw new CaseFailedError('the account has a proxy wallet', { actual: '(none)' })
      const created = await client.call('CreateApiKey', { name: 'proxy' }, jwt)
      expectOk(created, 'CreateApiKey')
      const keyHash = createHash('sha256').update(String(created.body.secret)).digest('base64')
      const checked = await client.call('CheckApiKey', { keyHash }, jwt)
      expectOk(checked, 'CheckApiKey')
      if (checked.body.account !== wallets.connected || String(checked.body.proxyWallet ?? '') !== wallets.proxy)
        throw new CaseFailedError('CheckApiKey names the account and its proxy wallet', {
          expected: `${wallets.connected} ${wallets.proxy}`,
          actual: `${String(checked.body.account)} ${String(checked.body.proxyWallet)}`,
        })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.key-epochs',
    title:
      'RotateKeyEpoch needs the current epoch and one envelope per active device; each device reads only its own envelopes',
    requirements: ['NP-PRIV-042', 'NP-PRIV-043', 'NP-PRIV-045', 'NP-AUTH-047'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const b = await pairSecondDevice(client, a)
      const start = await client.call('GetKeyEnvelopes', {}, a.deviceJwt)
      expectOk(start, 'GetKeyEnvelopes before any rotation')
      if (Number(start.body.currentEpoch ?? 0) !== 0 || ((start.body.envelopes as unknown[]) ?? []).length !== 0)
        throw new CaseFailedError('a new account is at epoch 0 without envelopes', {
          actual: JSON.stringify(start.body),
        })
      const rotate = (jwt: string, expectedEpoch: number, envelopes: ReturnType<typeof envelope>[]) =>
        client.call('RotateKeyEpoch', { expectedEpoch, envelopes }, jwt)
      expectCode(
        await rotate(a.deviceJwt, 0, [envelope(a.device.deviceId, 1)]),
        'INVALID_FIELD',
        'a rotation missing an active device',
      )
      expectCode(
        await rotate(a.deviceJwt, 0, [envelope(a.device.deviceId, 1), envelope(b.deviceId, 1, randomBytes(60))]),
        'INVALID_FIELD',
        'a rotation with a malformed envelope',
      )
      expectCode(
        await rotate(a.deviceJwt, 0, [envelope(a.device.deviceId, 1), envelope(`${'ab'.repeat(32)}`, 1)]),
        'INVALID_FIELD',
        'a rotation naming a device that is not the account’s',
      )
      const login = await logIn(client, a.wallet)
      if (login.jwt === undefined) throw new CaseFailedError('account login must succeed')
      expectCode(
        await rotate(login.jwt, 0, [envelope(a.device.deviceId, 1), envelope(b.deviceId, 1)]),
        'PERMISSION_DENIED',
        'a rotation with an account token',
      )
      const forB = randomBytes(92)
      const first = await rotate(a.deviceJwt, 0, [envelope(a.device.deviceId, 1), envelope(b.deviceId, 1, forB)])
      expectOk(first, 'a rotation from epoch 0 with both devices')
      if (Number(first.body.epoch) !== 1) throw new CaseFailedError('epoch 1', { actual: String(first.body.epoch) })
      expectCode(
        await rotate(b.deviceJwt, 0, [envelope(a.device.deviceId, 1), envelope(b.deviceId, 1)]),
        'INVALID_FIELD',
        'a second rotation from the stale epoch 0',
      )
      const mine = await client.call('GetKeyEnvelopes', { epoch: 1 }, b.deviceJwt)
      expectOk(mine, 'GetKeyEnvelopes by B')
      const envelopes = (mine.body.envelopes ?? []) as { deviceId?: string; envelope?: string }[]
      if (envelopes.length !== 1 || envelopes[0]?.deviceId !== b.deviceId || envelopes[0]?.envelope !== b64(forB))
        throw new CaseFailedError('B reads exactly its own envelope, unchanged', { actual: JSON.stringify(envelopes) })
      if (Number(mine.body.currentEpoch) !== 1)
        throw new CaseFailedError('current epoch 1', { actual: String(mine.body.currentEpoch) })
      // Revoke B: the next epoch names only A, and B can read nothing any more.
      expectOk(await client.call('RevokeDevice', { deviceId: b.deviceId }, a.deviceJwt), 'RevokeDevice B')
      expectCode(
        await rotate(a.deviceJwt, 1, [envelope(a.device.deviceId, 2), envelope(b.deviceId, 2)]),
        'INVALID_FIELD',
        'a rotation that names a revoked device',
      )
      expectOk(await rotate(a.deviceJwt, 1, [envelope(a.device.deviceId, 2)]), 'a rotation naming A alone')
      expectCode(await client.call('GetKeyEnvelopes', {}, b.deviceJwt), 'DEVICE_REVOKED', 'the revoked device')
      const all = await client.call('GetKeyEnvelopes', {}, a.deviceJwt)
      expectOk(all, 'GetKeyEnvelopes by A')
      const epochs = ((all.body.envelopes ?? []) as { epoch?: number }[]).map((e) => e.epoch)
      if (JSON.stringify(epochs) !== '[1,2]')
        throw new CaseFailedError('A has envelopes of epochs 1 and 2', { actual: JSON.stringify(epochs) })
    },
  }),
]
