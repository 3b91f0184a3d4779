import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { bridgeSpaceToNative, createSpaceosWalletClient, parseAddressBook, spaceosLocal } from '@spaceos/evm'
import { ACCOUNT_EVM, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { createPublicClient, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAntelopeClient } from '../src/index.ts'

const bin = fileURLToPath(new URL('../bin/spaceos-chain.mjs', import.meta.url))
let stateDir: string
const children: ChildProcess[] = []

type Running = {
  child: ChildProcess
  antelope: string
  evm: string
  bridge: string
  book: string
  keys: Map<string, string>
}

/** Starts the whole devnet bin (both chains and the bridge) on free ports over `stateDir`. */
const start = () =>
  new Promise<Running>((resolve, reject) => {
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        SPACEOS_CHAIN_ANTELOPE_PORT: '0',
        SPACEOS_CHAIN_EVM_PORT: '0',
        SPACEOS_CHAIN_STATE_DIR: stateDir,
        SPACEOS_CHAIN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    const seen: { [k in 'book' | 'evm' | 'antelope']?: string | undefined } & { keys: Map<string, string> } = {
      keys: new Map(),
    }
    child.once('exit', (code) => reject(new Error(`spaceos-chain exited with ${code}`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const key = line.match(/^key (\S+) (\S+) \(local only/)
      if (key) seen.keys.set(key[1] as string, key[2] as string)
      seen.book ??= line.match(/^progress EVM address book: (\S+)/)?.[1]
      seen.antelope ??= line.match(/^ready Antelope chain API: (\S+)/)?.[1]
      seen.evm ??= line.match(/^ready EVM JSON-RPC[^:]*: (\S+)/)?.[1]
      const bridge = line.match(/^ready bridge[^:]*: (\S+)/)?.[1]
      if (bridge) resolve({ ...seen, child, bridge: `${bridge}/v1/bridge/supply` } as Running)
    })
  })
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  )
const supply = async (r: Running) => (await (await fetch(r.bridge)).json()) as { ok: boolean; difference: string }
const anvilsOnState = () => {
  try {
    return execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('anvil') && l.includes(stateDir)).length
  } catch {
    return 0
  }
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'spaceos-bridge-bin-'))
})
afterAll(async () => {
  for (const child of children) {
    child.kill('SIGKILL')
    await exited(child)
  }
  await rm(stateDir, { recursive: true, force: true })
})

it('applies a deposit and a withdrawal exactly once when the whole node is SIGKILLed mid-flow [NP-BRDG-003]', async () => {
  const first = await start()
  const book = parseAddressBook(JSON.parse(await (await import('node:fs/promises')).readFile(first.book, 'utf8')))
  const native = createAntelopeClient(first.antelope, { alice: first.keys.get('alice') as string })
  const user = privateKeyToAccount(generatePrivateKey())
  await native.push([
    {
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      actor: 'alice',
      data: { from: 'alice', to: ACCOUNT_EVM, quantity: '3.0000 SPACE', memo: user.address },
    },
  ])
  first.child.kill('SIGKILL') // wherever the relayer was: before, during or after crediting
  await exited(first.child)

  const second = await start()
  expect(await supply(second)).toMatchObject({ ok: true, difference: '0' })
  const evm = createPublicClient({ chain: spaceosLocal, transport: http(second.evm), cacheTime: 0 })
  expect(await evm.getBalance({ address: user.address })).toBe(3n * 10n ** 18n)
  const alice = await createAntelopeClient(second.antelope, {}).balance('alice', 'SPACE')
  const wallet = createSpaceosWalletClient({ account: user, chain: spaceosLocal, transport: http(second.evm) })
  await bridgeSpaceToNative(wallet, {
    nativeBridge: book.contracts.NativeBridge,
    value: 10n ** 18n,
    nativeAccount: 'alice',
  })
  second.child.kill('SIGKILL')
  await exited(second.child)

  const third = await start()
  expect(await supply(third)).toMatchObject({ ok: true, difference: '0' })
  expect(await createAntelopeClient(third.antelope, {}).balance('alice', 'SPACE')).toBe(alice + 10_000n)
  third.child.kill('SIGTERM')
  await exited(third.child)
  expect(third.child.exitCode).toBe(0)
  expect(anvilsOnState()).toBe(0) // no anvil left behind by any of the three runs
})
