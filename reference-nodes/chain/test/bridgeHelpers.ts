import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSpaceosWalletClient, spaceosLocal } from '@spaceos/evm'
import { ACCOUNT_BRIDGE, ACCOUNT_EVM, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { createPublicClient, type Hex, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import {
  type AntelopeClient,
  createAntelopeClient,
  createRelayer,
  type Devnet,
  type Relayer,
  RelayerCrashError,
  startDevnet,
} from '../src/index.ts'

/**
 * Where a relayer can be made to die between acting and recording: after sending a raw EVM transaction (`evm-tx:sent`:
 * a credit, a mint, a verdict), after sending a native SPACE refund (`refund:sent`), after pushing a native action
 * (`mintdone:pushed`, `release:pushed`, `verdictack:pushed`).
 */
export type CrashPoint = 'evm-tx:sent' | 'refund:sent' | 'mintdone:pushed' | 'release:pushed' | 'verdictack:pushed'

/** Raises {@link RelayerCrashError} the first time `point` is reached (never without a point). */
function crashOnceAt(point: CrashPoint | undefined) {
  let armed = point !== undefined
  return (reached: CrashPoint) => {
    if (armed && reached === point) {
      armed = false
      throw new RelayerCrashError(`simulated crash at ${reached}`)
    }
  }
}

/** The relayer's native client, dying right after a pushed action went through. */
function crashingNative(native: AntelopeClient, crash: (point: CrashPoint) => void): AntelopeClient {
  return {
    ...native,
    push: async (actions) => {
      const result = await native.push(actions)
      for (const action of actions) {
        if (action.name === 'mintdone' || action.name === 'release' || action.name === 'verdictack') {
          crash(`${action.name}:pushed`)
        }
      }
      return result
    },
  }
}

/** The relayer's transport to anvil, dying right after anvil accepted a transaction it was sent. */
function crashingFetch(crash: (point: CrashPoint) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const method = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: unknown }).method : undefined
    if (method === 'eth_sendRawTransaction' || method === 'eth_sendTransaction') {
      const answer = (await response.clone().json()) as { error?: unknown }
      if (answer.error === undefined) crash(method === 'eth_sendRawTransaction' ? 'evm-tx:sent' : 'refund:sent')
    }
    return response
  }
}

/** A devnet with the bridge, whose built-in relayer is stopped so each test drives relayers itself. */
export async function startBridgeDevnet() {
  const stateDir = mkdtempSync(join(tmpdir(), 'spaceos-bridge-'))
  const devnet = await startDevnet({ antelopePort: 0, evmPort: 0, dev: true, stateDir })
  const bridge = devnet.bridge
  if (!bridge) throw new Error('the devnet started without its bridge')
  await bridge.relayer.stop()
  const keyOf = (account: string) => devnet.keys.find((k) => k.account === account)?.privateKey as string
  const native: AntelopeClient = createAntelopeClient(devnet.antelope.url, {
    eosio: keyOf('eosio'),
    alice: keyOf('alice'),
    bob: keyOf('bob'),
    [ACCOUNT_TOKEN]: keyOf('eosio'),
  })
  const evm = createPublicClient({ chain: spaceosLocal, transport: http(devnet.evm.url) })
  const anvilUrl = devnet.evm.anvil?.rpcUrl as string
  const journalPath = join(stateDir, 'bridge', 'journal.jsonl')
  const relayerNative = createAntelopeClient(devnet.antelope.url, {
    'spaceos.rly': bridge.keys.relayer.nativePrivateKey,
  })
  let current: Relayer | undefined
  /** A fresh relayer process over the same journal (a restart); `failAt` crashes it once at that point. */
  const restartRelayer = async (failAt?: CrashPoint) => {
    await current?.stop()
    const crash = crashOnceAt(failAt)
    current = createRelayer({
      native: crashingNative(relayerNative, crash),
      anvilUrl,
      evmPrivateKey: bridge.keys.relayer.evmPrivateKey,
      addressBook: bridge.addressBook,
      journalPath,
      fetch: crashingFetch(crash),
    })
    return current
  }
  await restartRelayer()
  const relay = async () => (current as Relayer).drain()
  const newEvmAccount = () => {
    const key = generatePrivateKey()
    const account = privateKeyToAccount(key)
    const wallet = createSpaceosWalletClient({ account, chain: spaceosLocal, transport: http(devnet.evm.url) })
    return { key, account, address: account.address, wallet }
  }
  const anvil = async (method: string, params: unknown[]) => {
    const res = await fetch(anvilUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    return ((await res.json()) as { result: unknown }).result
  }
  const transfer = (from: string, to: string, quantity: string, memo: string) =>
    native.push([{ account: ACCOUNT_TOKEN, name: 'transfer', actor: from, data: { from, to, quantity, memo } }])
  const space = (account: string) => native.balance(account, 'SPACE')
  /** Issues native stablecoins (issuer eosio) to `to`. */
  const issue = async (to: string, quantity: string) => {
    await native.push([
      { account: ACCOUNT_TOKEN, name: 'issue', actor: 'eosio', data: { to: 'eosio', quantity, memo: 'test' } },
    ])
    await transfer('eosio', to, quantity, 'test')
  }
  return {
    devnet: devnet as Devnet,
    bridge,
    book: bridge.addressBook,
    native,
    evm,
    anvil,
    anvilUrl,
    stateDir,
    journalPath,
    relay,
    relayerNative,
    restartRelayer,
    relayer: () => current as Relayer,
    newEvmAccount,
    transfer,
    issue,
    space,
    toEvm: (address: Hex, quantity: string) => transfer('alice', ACCOUNT_EVM, quantity, address),
    toBridge: (from: string, address: Hex, quantity: string) => transfer(from, ACCOUNT_BRIDGE, quantity, address),
    stop: async () => {
      await current?.stop()
      await devnet.stop()
    },
  }
}

export type BridgeDevnet = Awaited<ReturnType<typeof startBridgeDevnet>>

/** Resolves with the error message of a promise that must fail. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: Error) => e.message,
  )
