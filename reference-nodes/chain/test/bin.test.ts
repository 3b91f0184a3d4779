import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { APIClient, FetchProvider } from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/spaceos-chain.mjs', import.meta.url))
let stateDir: string
const children: ChildProcess[] = []

/** Starts the bin (Antelope chain API only, free port) and resolves with its endpoint and printed keys. */
const start = () =>
  new Promise<{ child: ChildProcess; url: string; keys: Map<string, string> }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        SPACEOS_CHAIN_EVM: 'false',
        SPACEOS_CHAIN_ANTELOPE_PORT: '0',
        SPACEOS_CHAIN_STATE_DIR: stateDir,
        SPACEOS_CHAIN_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    const keys = new Map<string, string>()
    child.once('exit', (code) => reject(new Error(`spaceos-chain exited with ${code}`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const key = line.match(/^key (\S+) (\S+) \(local only/)
      if (key) keys.set(key[1] as string, key[2] as string)
      const ready = line.match(/^ready Antelope chain API: (\S+)/)
      if (ready) resolve({ child, url: ready[1] as string, keys })
    })
  })
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  )

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'spaceos-chain-bin-'))
})
afterAll(async () => {
  for (const child of children) {
    child.kill('SIGKILL')
    await exited(child)
  }
  await rm(stateDir, { recursive: true, force: true })
})

it('spaceos-chain keeps its state when the process is killed (SIGKILL) and started again', async () => {
  const first = await start()
  const alice = first.keys.get('alice') as string
  expect(alice).toMatch(/^PVT_K1_/)
  const client = new APIClient({ provider: new FetchProvider(first.url, { fetch }) })
  const chainId = (await client.v1.chain.get_info()).chain_id.hexString
  await new Session({
    chain: { id: chainId, url: first.url },
    actor: 'alice',
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(alice),
  }).transact({
    action: {
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      authorization: [{ actor: 'alice', permission: 'active' }],
      data: { from: 'alice', to: 'bob', quantity: '7.0000 SPACE', memo: '' },
    },
  })
  const before = (await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, 'bob', 'SPACE')).map(String)
  first.child.kill('SIGKILL')
  await exited(first.child)

  const second = await start()
  expect(second.keys.get('alice')).toBe(alice)
  const again = new APIClient({ provider: new FetchProvider(second.url, { fetch }) })
  expect((await again.v1.chain.get_info()).chain_id.hexString).toBe(chainId)
  expect((await again.v1.chain.get_currency_balance(ACCOUNT_TOKEN, 'bob', 'SPACE')).map(String)).toEqual(before)
  second.child.kill('SIGTERM')
  await exited(second.child)
  expect(second.child.exitCode).toBe(0)
})
