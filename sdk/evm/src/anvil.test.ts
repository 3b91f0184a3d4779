import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveAnvilBinary, startAnvil } from './node.ts'

describe('startAnvil', () => {
  it('finds the anvil binary of the npm package', () => {
    const binary = resolveAnvilBinary()
    expect(binary.endsWith('/bin/anvil')).toBe(true)
    expect(existsSync(binary)).toBe(true)
  })

  it('starts on a free port with the SPACE OS chain rules and stops', async () => {
    const anvil = await startAnvil()
    try {
      const response = await fetch(anvil.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
      expect(((await response.json()) as { result: string }).result).toBe('0xc3500') // 800000
    } finally {
      await anvil.stop()
    }
    expect(anvil.process.exitCode !== null || anvil.process.signalCode !== null).toBe(true)
  })

  it('rejects with anvil output when anvil cannot start', async () => {
    await expect(startAnvil({ args: ['--no-such-flag'] })).rejects.toThrow(/anvil exited/)
  })
})
