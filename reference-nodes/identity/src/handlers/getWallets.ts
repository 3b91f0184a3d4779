import type { MessageInitShape } from '@bufbuild/protobuf'
import type { GetWalletsResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'

/**
 * `GetWallets` (spec/AUTH.md §8) [NP-AUTH-103]: the three wallets of the calling account, and only of it (the account
 * comes from the token, never from the request). A wallet not provisioned yet is the empty string [NP-AUTH-108]; the
 * call retries what is missing first, so a wallet the chain could not take at login appears once the chain is back.
 */
export async function getWallets(
  context: IdentityContext,
  call: CallInfo,
): Promise<MessageInitShape<typeof GetWalletsResponseSchema>> {
  const { account } = await authenticate(context, call)
  const record = await context.wallets.ensure(account).catch((error: unknown) => {
    context.log.warn({ err: error, account }, 'wallet provisioning failed')
    return context.store.getWallets(account)
  })
  return {
    connected: account,
    proxy: record?.proxyAddress ?? '',
    nativeAccount: record?.nativeState === 'created' ? record.nativeAccount : '',
  }
}
