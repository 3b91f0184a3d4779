import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import fc from 'fast-check'
import { parseTransaction } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { legacySerializer, spaceosLocal, TypedTransactionError, toLegacyRequest } from './index.ts'

const to = '0x000000000000000000000000000000000000dEaD'

// [NP-EVM-006]
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

describe('toLegacyRequest on arbitrary requests', () => {
  it('either returns a legacy request with a gas price or throws TypedTransactionError', () => {
    const maybe = <value>(arbitrary: fc.Arbitrary<value>) => fc.option(arbitrary, { nil: undefined })
    fc.assert(
      fc.property(
        fc.record({
          type: maybe(fc.constantFrom('legacy', 'eip1559', 'eip2930', 'eip4844', 'eip7702', '0x0', '0x2')),
          gasPrice: maybe(fc.bigInt({ min: 0n, max: 10n ** 12n })),
          maxFeePerGas: maybe(fc.bigInt({ min: 0n, max: 10n ** 12n })),
          maxPriorityFeePerGas: maybe(fc.bigInt({ min: 0n, max: 10n ** 12n })),
          accessList: maybe(fc.constantFrom([], [{ address: to, storageKeys: [] }])),
          value: maybe(fc.bigInt({ min: 0n, max: 10n ** 20n })),
        }),
        (request) => {
          let result: ReturnType<typeof toLegacyRequest> | undefined
          try {
            result = toLegacyRequest(request)
          } catch (error) {
            expect(error).toBeInstanceOf(TypedTransactionError)
            return
          }
          expect(result.type).toBe('legacy')
          expect(result.gasPrice).toBe(request.gasPrice ?? EVM_GAS_PRICE_WEI)
          expect(result).not.toHaveProperty('maxFeePerGas', expect.anything())
          expect(result).not.toHaveProperty('accessList')
        },
      ),
    )
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
