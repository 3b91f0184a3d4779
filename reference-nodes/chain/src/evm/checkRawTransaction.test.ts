import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { TxWrapperRejectedError } from '../errors.ts'
import {
  type CreationSimulation,
  checkCreationCode,
  checkRawTransaction,
  stripSolcMetadata,
} from './checkRawTransaction.ts'
import { findPush0 } from './findPush0.ts'

const account = privateKeyToAccount(`0x${'11'.repeat(32)}`)
const to = '0x000000000000000000000000000000000000dEaD'
const legacy = {
  type: 'legacy',
  chainId: EVM_CHAIN_ID,
  gasPrice: EVM_GAS_PRICE_WEI,
  gas: 21_000n,
  nonce: 0,
  to,
} as const

const rejection = (raw: unknown) => {
  try {
    checkRawTransaction(raw)
  } catch (error) {
    if (error instanceof TxWrapperRejectedError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('findPush0', () => {
  it('finds PUSH0 executed as an opcode', () => {
    expect(findPush0(Uint8Array.from([0x60, 0x01, 0x5f, 0x00]))).toBe(2)
  })
  it('ignores 0x5f inside PUSH data', () => {
    expect(findPush0(Uint8Array.from([0x61, 0x5f, 0x5f, 0x7f, ...new Array(32).fill(0x5f), 0x00]))).toBeUndefined()
  })
  it('ignores 0x5f in data after a terminating opcode (metadata, constructor arguments)', () => {
    expect(findPush0(Uint8Array.from([0x60, 0x00, 0xf3, 0x5f, 0x5f]))).toBeUndefined()
  })
  it('finds PUSH0 in a block that starts at a JUMPDEST after a terminator', () => {
    expect(findPush0(Uint8Array.from([0x00, 0x5b, 0x5f, 0x00]))).toBe(2)
  })
})

describe('checkRawTransaction', () => {
  it('accepts a legacy transaction signed for chain 800000 at 150 gwei [NP-EVM-002]', async () => {
    expect(() => checkRawTransaction(undefined)).toThrow(TxWrapperRejectedError)
    checkRawTransaction(await account.signTransaction(legacy))
  })
  it('rejects an EIP-1559 transaction with -32000 saying only legacy is accepted [NP-EVM-010]', async () => {
    const raw = await account.signTransaction({
      type: 'eip1559',
      chainId: EVM_CHAIN_ID,
      maxFeePerGas: EVM_GAS_PRICE_WEI,
      maxPriorityFeePerGas: EVM_GAS_PRICE_WEI,
      gas: 21_000n,
      nonce: 0,
      to,
    })
    const error = rejection(raw)
    expect(error.rpcCode).toBe(-32000)
    expect(error.message).toMatch(/Only legacy \(type 0\).*EIP-1559 \(type 2\)/)
  })
  it('rejects an EIP-2930 transaction [NP-EVM-010]', async () => {
    const raw = await account.signTransaction({ ...legacy, type: 'eip2930', accessList: [] })
    expect(rejection(raw).message).toMatch(/EIP-2930 \(type 1\)/)
  })
  it('rejects a transaction signed for another chain, naming 800000 [NP-EVM-011]', async () => {
    const error = rejection(await account.signTransaction({ ...legacy, chainId: 1 }))
    expect(error.code).toBe('TX_WRONG_CHAIN')
    expect(error.message).toContain(String(EVM_CHAIN_ID))
  })
  it('rejects a pre-EIP-155 signature without replay protection [NP-EVM-011]', async () => {
    const { chainId: _, ...noChain } = legacy
    expect(rejection(await account.signTransaction(noChain)).message).toMatch(/no EIP-155 replay protection/)
  })
  it('rejects a gas price below 150 gwei, naming the minimum [NP-EVM-012]', async () => {
    const error = rejection(await account.signTransaction({ ...legacy, gasPrice: EVM_GAS_PRICE_WEI - 1n }))
    expect(error.code).toBe('TX_GAS_PRICE_TOO_LOW')
    expect(error.message).toContain(String(EVM_GAS_PRICE_WEI))
  })
  it('passes a contract creation on to the PUSH0 check, decoded [NP-EVM-004]', async () => {
    const raw = await account.signTransaction({ ...legacy, to: undefined, gas: 100_000n, data: '0x5f5ff3' })
    const tx = checkRawTransaction(raw)
    expect(tx.to ?? undefined).toBeUndefined()
    expect(tx.data).toBe('0x5f5ff3')
  })
  it('rejects bytes that are not a transaction with -32602', () => {
    expect(rejection('0xc0ffee').rpcCode).toBe(-32602)
    expect(rejection('not hex').rpcCode).toBe(-32602)
  })
})

describe('checkCreationCode [NP-EVM-004]', () => {
  const simulated = (answer: CreationSimulation) => {
    let calls = 0
    return {
      simulate: async () => {
        calls++
        return answer
      },
      calls: () => calls,
    }
  }
  const code = async (promise: Promise<void>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof TxWrapperRejectedError ? error.code : 'other error'),
    )

  it('accepts code without any 0x5f opcode candidate without simulating it', async () => {
    const node = simulated({ ok: false, message: 'NotActivated' })
    expect(await code(checkCreationCode('0x6001600055', node.simulate))).toBe('accepted')
    expect(node.calls()).toBe(0)
  })
  it('refuses init code the paris EVM cannot run because it executes PUSH0', async () => {
    const node = simulated({ ok: false, message: 'EVM error NotActivated' })
    expect(await code(checkCreationCode('0x5f5ff3', node.simulate))).toBe('TX_PUSH0')
    expect(node.calls()).toBe(1)
  })
  it('accepts a 0x5b 0x5f pair inside constructor arguments when the creation runs and deploys PUSH0-free code', async () => {
    // init: PUSH1 1 PUSH1 0 RETURN, then "constructor arguments" holding 0x5b5f (a JUMPDEST-like byte, then 0x5f)
    const init = '0x60016000f3000000005b5f0000' as const
    const node = simulated({ ok: true, runtimeCode: '0x00' })
    expect(await code(checkCreationCode(init, node.simulate))).toBe('accepted')
    expect(node.calls()).toBe(1)
  })
  it('refuses a creation that deploys runtime code with PUSH0', async () => {
    const node = simulated({ ok: true, runtimeCode: '0x5f5ff3' })
    expect(await code(checkCreationCode('0x5b5f', node.simulate))).toBe('TX_PUSH0')
  })
  it('passes a creation that fails for another reason on to the chain', async () => {
    const node = simulated({ ok: false, message: 'execution reverted' })
    expect(await code(checkCreationCode('0x5b5f', node.simulate))).toBe('accepted')
  })
  it('reads no opcode in solc metadata', () => {
    // runtime 0x00, then a CBOR map (a1 …) holding 0x5b5f, then its length 0x0005
    const withMetadata = Uint8Array.from([0x00, 0xa1, 0x41, 0x5b, 0x5f, 0x00, 0x00, 0x05])
    expect(findPush0(withMetadata)).toBe(4)
    expect(findPush0(stripSolcMetadata(withMetadata))).toBeUndefined()
    expect(stripSolcMetadata(Uint8Array.from([0x5f]))).toEqual(Uint8Array.from([0x5f]))
  })
})
