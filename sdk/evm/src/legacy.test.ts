import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { parseTransaction } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { legacySerializer, spaceosLocal, TypedTransactionError, toLegacyRequest } from './index.ts'

const to = '0x000000000000000000000000000000000000dEaD'

describe('toLegacyRequest', () => {
  it('adds type legacy and the 150 gwei gas price, keeping an explicit gas price', () => {
    expect(toLegacyRequest({ to, value: 1n })).toEqual({ to, value: 1n, type: 'legacy', gasPrice: EVM_GAS_PRICE_WEI })
    expect(toLegacyRequest({ to, gasPrice: 1n }).gasPrice).toBe(1n)
    expect(toLegacyRequest({ to, accessList: [] })).not.toHaveProperty('accessList')
  })

  it.each([
    { type: 'eip1559' },
    { type: 'eip2930' },
    { type: 'eip4844' },
    { type: 'eip7702' },
    { maxFeePerGas: 1n },
    { maxPriorityFeePerGas: 1n },
    { maxFeePerBlobGas: 1n },
    { authorizationList: [] },
    { accessList: [{ address: to, storageKeys: [] }] },
  ])('rejects a typed request %o', (fields) => {
    expect(() => toLegacyRequest({ to, ...fields })).toThrow(TypedTransactionError)
  })
})

describe('legacySerializer', () => {
  it('signs legacy EIP-155 transactions and refuses typed ones, so a local account cannot sign EIP-1559', async () => {
    expect(spaceosLocal.serializers?.transaction).toBe(legacySerializer)
    const account = privateKeyToAccount(generatePrivateKey())
    const signed = await account.signTransaction(
      { chainId: spaceosLocal.id, to, value: 1n, gas: 21_000n, nonce: 0, gasPrice: EVM_GAS_PRICE_WEI },
      { serializer: legacySerializer },
    )
    expect(Number.parseInt(signed.slice(2, 4), 16)).toBeGreaterThanOrEqual(0xc0)
    expect(parseTransaction(signed)).toMatchObject({ type: 'legacy', chainId: 800000, gasPrice: EVM_GAS_PRICE_WEI })
    await expect(
      account.signTransaction(
        { chainId: spaceosLocal.id, to, gas: 21_000n, nonce: 0, maxFeePerGas: 1n, type: 'eip1559' },
        { serializer: spaceosLocal.serializers?.transaction ?? legacySerializer },
      ),
    ).rejects.toBeInstanceOf(TypedTransactionError)
  })
})
