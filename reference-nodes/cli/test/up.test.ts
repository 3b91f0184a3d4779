import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { createKisClient } from '@spaceos/kis'
import { describe, expect, it } from 'vitest'
import { startLocalNetwork } from '../src/network.ts'

const rpc = async (url: string, method: string, params: unknown[] = []) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await res.json()) as { result?: string; error?: { code: number; message: string } }
}

const url = (network: { endpoints: { name: string; url: string }[] }, kind: RegExp) =>
  network.endpoints.find((e) => kind.test(e.name))!.url

describe('spaceos up', () => {
  it('runs each role as its own process: Antelope chain API, the EVM behind the tx-wrapper, identity', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-up-'))
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
    const network = await startLocalNetwork(options)
    try {
      const evm = url(network, /EVM/)
      const antelope = url(network, /Antelope/)
      expect(Number((await rpc(evm, 'eth_chainId')).result)).toBe(EVM_CHAIN_ID)
      expect(BigInt((await rpc(evm, 'eth_gasPrice')).result!)).toBe(EVM_GAS_PRICE_WEI)
      // cheat methods would mint unbacked SPACE: refused without --dev
      expect((await rpc(evm, 'anvil_setBalance', [`0x${'11'.repeat(20)}`, '0x1'])).error?.code).toBe(-32601)
      const info = (await (await fetch(`${antelope}/v1/chain/get_info`, { method: 'POST' })).json()) as {
        chain_id: string
        head_block_num: number
      }
      expect(info.chain_id).toMatch(/^[0-9a-f]{64}$/)
      const stats = (await (
        await fetch(`${antelope}/v1/chain/get_currency_stats`, {
          method: 'POST',
          body: JSON.stringify({ code: 'eosio.token', symbol: 'SPACE' }),
        })
      ).json()) as Record<string, { supply: string }>
      expect(stats.SPACE?.supply).toBe('100000000.0000 SPACE')
      expect(network.keys.join('\n')).toContain('local only')
      // identity: a login nonce for a wallet, and the JWKS a coordinator would verify tokens with
      const identity = url(network, /identity/)
      const nonce = await fetch(`${identity}/api/auth/nonce?address=0x${'ab'.repeat(20)}`)
      expect(nonce.status).toBe(200)
      const jwks = (await (await fetch(`${identity}/.well-known/jwks.json`)).json()) as { keys: unknown[] }
      expect(jwks.keys.length).toBeGreaterThan(0)
      // KIS: its own process; secrets generated into the state dir (0600), the identity credential signs requests
      const kis = url(network, /^kis$/)
      const secretsFile = join(stateDir, 'kis', 'secrets.json')
      expect(statSync(secretsFile).mode & 0o777).toBe(0o600)
      const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { callers: { identity: string } }
      const kisClient = createKisClient({ url: kis, callerId: 'identity', secret: secrets.callers.identity })
      const proxy = await kisClient.createKey({ kind: 'evm' })
      expect(proxy.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
      await expect(
        createKisClient({ url: kis, callerId: 'identity', secret: 'z'.repeat(64) }).createKey({ kind: 'evm' }),
      ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    } finally {
      await network.stop()
    }
    expect(existsSync(join(stateDir, 'chain'))).toBe(true)
    const fresh = await startLocalNetwork({ ...options, reset: true })
    await fresh.stop()
  })

  it('prints its endpoints when ready and stops cleanly on Ctrl-C', async () => {
    const bin = fileURLToPath(new URL('../bin/spaceos.mjs', import.meta.url))
    const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-bin-'))
    const child = spawn(
      process.execPath,
      [
        bin,
        'up',
        '--antelope-port',
        '0',
        '--evm-port',
        '0',
        '--identity-port',
        '0',
        '--kis-port',
        '0',
        '--state-dir',
        stateDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    let out = ''
    let signalled = false
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (!signalled && out.includes('Press Ctrl-C')) {
        signalled = true
        process.kill(-child.pid!, 'SIGINT') // the whole process group, as a terminal does
      }
    })
    const [code] = await once(child, 'exit')
    expect(out).toMatch(/Antelope chain API\s+http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/EVM[^\n]*http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/identity[^\n]*http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/kis\s+http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toContain('LOCAL ONLY')
    expect(code).toBe(0)
  })

  it('`spaceos devnet` runs the chain alone, keeps state across restarts and --reset starts a fresh genesis', async () => {
    const bin = fileURLToPath(new URL('../bin/spaceos.mjs', import.meta.url))
    const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-devnet-'))
    const run = async (...extra: string[]) => {
      const child = spawn(
        process.execPath,
        [bin, 'devnet', '--antelope-port', '0', '--evm-port', '0', '--state-dir', stateDir, ...extra],
        { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      )
      let out = ''
      let chainId = ''
      child.stdout.on('data', (chunk) => {
        out += chunk
        if (!chainId && out.includes('Press Ctrl-C')) {
          chainId = 'pending'
          const api = out.match(/Antelope chain API\s+(http:\/\/\S+)/)![1]!
          fetch(`${api}/v1/chain/get_info`, { method: 'POST' })
            .then((r) => r.json() as Promise<{ chain_id: string }>)
            .then((info) => {
              chainId = info.chain_id
            })
            .finally(() => process.kill(-child.pid!, 'SIGINT'))
        }
      })
      const [code] = await once(child, 'exit')
      return { out, code, chainId }
    }
    const first = await run()
    expect(first.code).toBe(0)
    expect(first.out).toContain('devnet ready')
    expect(first.out).toMatch(/EVM[^\n]*http:\/\/127\.0\.0\.1:\d+/)
    expect(first.out).not.toMatch(/identity/)
    expect(first.chainId).toMatch(/^[0-9a-f]{64}$/)
    const again = await run()
    expect(again.chainId).toBe(first.chainId) // same genesis: state kept
    const fresh = await run('--reset')
    expect(fresh.code).toBe(0)
    expect(fresh.chainId).toMatch(/^[0-9a-f]{64}$/)
    expect(fresh.chainId).not.toBe(first.chainId)
  })
})
