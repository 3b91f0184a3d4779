import { expect, it } from 'vitest'
import * as units from './index.ts'

it('exports exactly the documented public surface', () => {
  expect(Object.keys(units).sort()).toMatchInlineSnapshot(`
    [
      "ASSET_MAX_AMOUNT",
      "AmountOutOfRangeError",
      "InexactConversionError",
      "InvalidAmountError",
      "InvalidAssetError",
      "SymbolMismatchError",
      "UINT256_MAX",
      "UnitsError",
      "UnknownTokenError",
      "assetToEvmUnits",
      "evmUnitsToAsset",
      "formatAmount",
      "formatAsset",
      "getScale",
      "getToken",
      "parseAmount",
      "parseAsset",
      "parseTokenAsset",
      "toEvmUnits",
      "toNativeUnits",
      "tokens",
    ]
  `)
})
