import { EVM_CHAIN_ID } from '@spaceos/generated/parameters'
import { expect, it } from 'vitest'
import { startDevnet } from '../src/index.ts'

it('starts both chains on free ports, prints their endpoints and stops them', async () => {
  const steps: string[] = []
  const devnet = await startDevnet({ antelopePort: 0, evmPort: 0, onProgress: (step) => steps.push(step) })
  try {
    expect(devnet.endpoints.map((e) => e.name)).toEqual([
      'Antelope chain API',
      'EVM JSON-RPC (tx-wrapper, chain 800000)',
      'bridge (address book, supply check)',
    ])
    expect(steps.map((s) => s.split(':')[0])).toEqual(['Antelope chain', 'Antelope chain API up at http', 'bridge'])
    const info = await (await fetch(`${devnet.antelope.url}/v1/chain/get_info`)).json()
    expect(info).toMatchObject({ chain_id: devnet.antelope.chain.chainId })
    const res = await fetch(devnet.evm.url, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
    })
    expect(await res.json()).toMatchObject({ result: `0x${EVM_CHAIN_ID.toString(16)}` })
    // No pre-funded EVM accounts: SPACE on the EVM exists only through the bridge [NP-BRDG-001].
    const accounts = await fetch(devnet.evm.url, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_accounts' }),
    })
    expect(await accounts.json()).toMatchObject({ result: [] })
    expect(devnet.keys[0]?.account).toBe('eosio')
  } finally {
    await devnet.stop()
  }
  expect(devnet.evm.anvil?.child.exitCode ?? devnet.evm.anvil?.child.signalCode).not.toBeNull()
})
