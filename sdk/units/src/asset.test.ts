import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ASSET_MAX_AMOUNT,
  assetToEvmUnits,
  evmUnitsToAsset,
  formatAmount,
  formatAsset,
  InexactConversionError,
  InvalidAmountError,
  InvalidAssetError,
  parseAmount,
  parseAsset,
  parseTokenAsset,
  SymbolMismatchError,
} from './index.ts'

describe('parseAsset', () => {
  it('reads the amount, precision and symbol', () => {
    expect(parseAsset('1.0000 SPACE')).toEqual({ amount: 10000n, precision: 4, symbol: 'SPACE' })
    expect(parseAsset('-0.0001 USD')).toEqual({ amount: -1n, precision: 4, symbol: 'USD' })
    expect(parseAsset('42 ABC')).toEqual({ amount: 42n, precision: 0, symbol: 'ABC' })
    expect(parseAsset('1000000000.0000 SPACE').amount).toBe(10_000_000_000_000n)
  })

  it.each([
    '',
    '1.0000',
    'SPACE',
    '1.0000  SPACE',
    '1.0000 space',
    '1.0000 TOOLONGSYM',
    '.5 SPACE',
    '1. SPACE',
    '+1.0000 SPACE',
    '1,0000 SPACE',
    ' 1.0000 SPACE',
    '1.0000000000000000000 SPACE',
    '4611686018427387904 SPACE',
  ])('rejects the malformed asset %j', (text) => {
    expect(() => parseAsset(text)).toThrow(InvalidAssetError)
  })

  it('accepts the largest amount and rejects one more', () => {
    expect(parseAsset(`${ASSET_MAX_AMOUNT} MAX`).amount).toBe(ASSET_MAX_AMOUNT)
    expect(() => parseAsset(`${ASSET_MAX_AMOUNT + 1n} MAX`)).toThrow(InvalidAssetError)
  })

  it('rejects another symbol or precision than expected', () => {
    expect(() => parseAsset('1.0000 USD', { symbol: 'SPACE' })).toThrow(SymbolMismatchError)
    expect(() => parseAsset('1.00 SPACE', { precision: 4 })).toThrow(SymbolMismatchError)
    expect(() => parseTokenAsset('1.00 SPACE', 'SPACE')).toThrow(SymbolMismatchError)
    expect(parseTokenAsset('1.0000 USDT', 'USDT.s').amount).toBe(10000n)
  })
})

describe('formatAsset', () => {
  it('writes every fraction digit of the precision', () => {
    expect(formatAsset({ amount: 10000n, precision: 4, symbol: 'SPACE' })).toBe('1.0000 SPACE')
    expect(formatAsset({ amount: 1n, precision: 4, symbol: 'SPACE' })).toBe('0.0001 SPACE')
    expect(formatAsset({ amount: -12345n, precision: 4, symbol: 'USD' })).toBe('-1.2345 USD')
    expect(formatAsset({ amount: 7n, precision: 0, symbol: 'X' })).toBe('7 X')
  })

  it.each([
    { amount: 1n, precision: 4, symbol: 'space' },
    { amount: 1n, precision: 19, symbol: 'SPACE' },
    { amount: 1n, precision: -1, symbol: 'SPACE' },
    { amount: ASSET_MAX_AMOUNT + 1n, precision: 4, symbol: 'SPACE' },
  ])('rejects an out-of-range asset %#', (asset) => {
    expect(() => formatAsset(asset)).toThrow(InvalidAssetError)
  })

  it('round-trips with parseAsset for every valid asset', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -ASSET_MAX_AMOUNT, max: ASSET_MAX_AMOUNT }),
        fc.integer({ min: 0, max: 18 }),
        fc.stringMatching(/^[A-Z]{1,7}$/),
        (amount, precision, symbol) => {
          const asset = { amount, precision, symbol }
          expect(parseAsset(formatAsset(asset))).toEqual(asset)
        },
      ),
    )
  })
})

describe('bridge assets', () => {
  it('converts native asset strings to EVM units of the bridged token', () => {
    expect(assetToEvmUnits('1.0000 SPACE')).toBe(10n ** 18n)
    expect(assetToEvmUnits('2.5000 USDT')).toBe(2_500_000n)
    expect(assetToEvmUnits('0.0001 EUR')).toBe(10n ** 14n)
    expect(() => assetToEvmUnits('1.00 USD')).toThrow(SymbolMismatchError)
    expect(() => assetToEvmUnits('1.0000 USD', 'USDT')).toThrow(SymbolMismatchError)
  })

  it('converts EVM units to native asset strings, exact unless flooring is asked for', () => {
    expect(evmUnitsToAsset(10n ** 18n, 'SPACE')).toEqual({ asset: '1.0000 SPACE', dust: 0n })
    expect(evmUnitsToAsset(1_000_001n, 'USDC.s', { rounding: 'floor' })).toEqual({ asset: '1.0000 USDC', dust: 1n })
    expect(() => evmUnitsToAsset(1_000_001n, 'USDC.s')).toThrow(InexactConversionError)
  })
})

describe('decimal amounts', () => {
  it('parses exactly and formats back', () => {
    expect(parseAmount('1.5', 6)).toBe(1_500_000n)
    expect(parseAmount('0', 18)).toBe(0n)
    expect(parseAmount('1.500000000', 6)).toBe(1_500_000n)
    expect(parseAmount('12', 0)).toBe(12n)
    expect(formatAmount(1_500_000n, 6)).toBe('1.5')
    expect(formatAmount(1_500_000n, 6, { fixed: true })).toBe('1.500000')
    expect(formatAmount(-5n, 2)).toBe('-0.05')
    expect(formatAmount(100n, 0)).toBe('100')
  })

  it.each(['', '-1', '1.', '.1', '1e18', 'abc', '1.0000001'])('rejects %j at 6 decimals', (text) => {
    expect(() => parseAmount(text, 6)).toThrow(InvalidAmountError)
  })

  it('round-trips formatAmount and parseAmount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.integer({ min: 0, max: 30 }), (amount, decimals) => {
        expect(parseAmount(formatAmount(amount, decimals), decimals)).toBe(amount)
        expect(parseAmount(formatAmount(amount, decimals, { fixed: true }), decimals)).toBe(amount)
      }),
    )
  })
})
