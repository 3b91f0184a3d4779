import { BRIDGE_SCALE_SPACE } from '@spaceos/generated/parameters'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  AmountOutOfRangeError,
  ASSET_MAX_AMOUNT,
  getScale,
  InexactConversionError,
  toEvmUnits,
  tokens,
  toNativeUnits,
  UINT256_MAX,
  UnknownTokenError,
} from './index.ts'

const names = Object.keys(tokens) as (keyof typeof tokens)[]

describe('scales', () => {
  it('uses ×10^14 for SPACE, the bridge scale of the parameters file', () => {
    expect(getScale('SPACE')).toBe(BRIDGE_SCALE_SPACE)
  })

  it.each([
    ['USD', 10n ** 14n],
    ['USD.s', 10n ** 14n],
    ['EUR', 10n ** 14n],
    ['GBP.s', 10n ** 14n],
    ['USDT', 100n],
    ['USDC.s', 100n],
  ])('uses the white-paper scale for %s', (token, scale) => {
    expect(getScale(token)).toBe(scale)
  })

  it('rejects an unknown token with a typed error', () => {
    expect(() => getScale('DOGE')).toThrow(UnknownTokenError)
  })
})

// [NP-BRDG-030]
describe('toEvmUnits', () => {
  it('converts one whole token of every kind exactly', () => {
    expect(toEvmUnits(10000n, 'SPACE')).toBe(10n ** 18n)
    expect(toEvmUnits(10000n, 'USD')).toBe(10n ** 18n)
    expect(toEvmUnits(10000n, 'USDT')).toBe(10n ** 6n)
    expect(toEvmUnits(1n, 'USDC')).toBe(100n)
    expect(toEvmUnits(0n, 'SPACE')).toBe(0n)
  })

  it('rejects negative and over-maximum native amounts', () => {
    expect(() => toEvmUnits(-1n, 'SPACE')).toThrow(AmountOutOfRangeError)
    expect(() => toEvmUnits(ASSET_MAX_AMOUNT + 1n, 'SPACE')).toThrow(AmountOutOfRangeError)
    expect(toEvmUnits(ASSET_MAX_AMOUNT, 'SPACE')).toBe(ASSET_MAX_AMOUNT * 10n ** 14n)
  })
})

// [NP-BRDG-031] [NP-BRDG-032]
describe('toNativeUnits', () => {
  it('converts whole native units exactly', () => {
    expect(toNativeUnits(10n ** 18n, 'SPACE')).toEqual({ amount: 10000n, dust: 0n })
    expect(toNativeUnits(2_500_000n, 'USDT.s')).toEqual({ amount: 25000n, dust: 0n })
  })

  it('rejects dust by default with the dust reported', () => {
    const error = (() => {
      try {
        toNativeUnits(10n ** 18n + 1n, 'SPACE')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(InexactConversionError)
    expect((error as InexactConversionError).dust).toBe(1n)
    expect((error as InexactConversionError).code).toBe('UNITS_INEXACT_CONVERSION')
  })

  it('floors and reports the dust when asked', () => {
    expect(toNativeUnits(1_234_567n, 'USDT', { rounding: 'floor' })).toEqual({ amount: 12345n, dust: 67n })
    expect(toNativeUnits(99n, 'USDC', { rounding: 'floor' })).toEqual({ amount: 0n, dust: 99n })
  })

  it('rejects amounts outside uint256 and results above the asset maximum', () => {
    expect(() => toNativeUnits(-1n, 'SPACE')).toThrow(AmountOutOfRangeError)
    expect(() => toNativeUnits(UINT256_MAX + 1n, 'SPACE')).toThrow(AmountOutOfRangeError)
    expect(() => toNativeUnits((ASSET_MAX_AMOUNT + 1n) * 100n, 'USDT')).toThrow(AmountOutOfRangeError)
  })

  it('handles every dust value of USDT exhaustively', () => {
    for (let dust = 0n; dust < 100n; dust++) {
      const { amount, dust: rest } = toNativeUnits(700n + dust, 'USDT', { rounding: 'floor' })
      expect(amount).toBe(7n)
      expect(rest).toBe(dust)
      if (dust === 0n) expect(toNativeUnits(700n, 'USDT').amount).toBe(7n)
      else expect(() => toNativeUnits(700n + dust, 'USDT')).toThrow(InexactConversionError)
    }
  })
})

describe('properties', () => {
  const native = fc.bigInt({ min: 0n, max: ASSET_MAX_AMOUNT })
  const token = fc.constantFrom(...names)

  it('round-trips native → EVM → native exactly for every token', () => {
    fc.assert(
      fc.property(native, token, (amount, name) => {
        expect(toNativeUnits(toEvmUnits(amount, name), name)).toEqual({ amount, dust: 0n })
      }),
    )
  })

  it('floor conversion never creates value: native × scale + dust equals the input', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: ASSET_MAX_AMOUNT * 100n }), token, (evm, name) => {
        const { amount, dust } = toNativeUnits(evm, name, { rounding: 'floor' })
        expect(toEvmUnits(amount, name) + dust).toBe(evm)
        expect(dust >= 0n && dust < getScale(name)).toBe(true)
      }),
    )
  })

  it('exact conversion succeeds if and only if there is no dust', () => {
    // Within the native range of every token (amounts past it are AmountOutOfRangeError, tested above).
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: ASSET_MAX_AMOUNT * 100n }), token, (evm, name) => {
        const exact = evm % getScale(name) === 0n
        if (exact) expect(toNativeUnits(evm, name).dust).toBe(0n)
        else expect(() => toNativeUnits(evm, name)).toThrow(InexactConversionError)
      }),
    )
  })
})
