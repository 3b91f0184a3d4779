import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EVM_CHAIN_ID } from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { startLocalNetwork } from '../src/network.ts'

const rpc = async (url: string, method: string, params: unknown[] = []) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await res.json()) as { result?: string; error?: { message: string } }
}

describe('spaceos up', () => {
  it('serves the EVM at chain ID 800000 on the paris rules, and keeps state across a restart', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-up-'))
    const options = { host: '127.0.0.1', evmPort: 0, stateDir, reset: false }
    const first = await startLocalNetwork(options)
    const url = first.endpoints[0]!.url
    try {
      expect(Number((await rpc(url, 'eth_chainId')).result)).toBe(EVM_CHAIN_ID)
      // paris rules: init code STOP deploys, init code PUSH0 STOP is an invalid opcode
      const from = first.devAccounts[0]!.address
      expect((await rpc(url, 'eth_estimateGas', [{ from, data: '0x00' }])).result).toMatch(/^0x/)
      expect((await rpc(url, 'eth_estimateGas', [{ from, data: '0x5f00' }])).error?.message).toMatch(
        /invalid|opcode|notactivated/i,
      )
      expect(first.devAccounts[0]?.privateKey).toMatch(/^0x[0-9a-f]{64}$/)
      await rpc(url, 'evm_mine')
    } finally {
      await first.stop()
    }
    const height = 1
    const second = await startLocalNetwork(options)
    try {
      expect(Number((await rpc(second.endpoints[0]!.url, 'eth_blockNumber')).result)).toBeGreaterThanOrEqual(height)
    } finally {
      await second.stop()
    }
    const fresh = await startLocalNetwork({ ...options, reset: true })
    try {
      expect(Number((await rpc(fresh.endpoints[0]!.url, 'eth_blockNumber')).result)).toBe(0)
    } finally {
      await fresh.stop()
    }
  })

  it('prints its endpoints when ready and stops cleanly on Ctrl-C', async () => {
    const bin = fileURLToPath(new URL('../bin/spaceos.mjs', import.meta.url))
    const stateDir = await mkdtemp(join(tmpdir(), 'spaceos-bin-'))
    const child = spawn(process.execPath, [bin, 'up', '--evm-port', '0', '--state-dir', stateDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
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
    expect(out).toMatch(/EVM JSON-RPC \(chain 800000\)\s+http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toContain('LOCAL ONLY')
    expect(code).toBe(0)
  })
})
