import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../../test/fixtures.ts'
import { bridgeSpaceToNative } from '../../index.ts'

// [NP-BRDG-021] [NP-BRDG-022]
describe('bridgeSpaceToNative', () => {
  it('sends native SPACE back to the native chain in whole native units', async ({ clients, deployment }) => {
    const { book, user } = deployment
    const { hash, event } = await bridgeSpaceToNative(user, {
      nativeBridge: book.contracts.NativeBridge,
      value: parseEther('1.5'),
      nativeAccount: 'alice',
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'bridgeSpaceToNative')
    expect(event.amountNative).toBe(15_000n)
    expect(event.nativeAccount).toBe('alice')
  })
})
