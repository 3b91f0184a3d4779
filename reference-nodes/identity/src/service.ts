import { createContextKey, type HandlerContext, type ServiceImpl } from '@connectrpc/connect'
import type { IdentityService } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from './context.ts'
import { checkApiKey } from './handlers/checkApiKey.ts'
import { completePairing } from './handlers/completePairing.ts'
import { createApiKey } from './handlers/createApiKey.ts'
import { createPairingCode } from './handlers/createPairingCode.ts'
import { getDevice } from './handlers/getDevice.ts'
import { getDeviceChallenge } from './handlers/getDeviceChallenge.ts'
import { getJwks } from './handlers/getJwks.ts'
import { getKeyEnvelopes } from './handlers/getKeyEnvelopes.ts'
import { getNonce } from './handlers/getNonce.ts'
import { getPairingResult } from './handlers/getPairingResult.ts'
import { getPairingStatus } from './handlers/getPairingStatus.ts'
import { getWallets } from './handlers/getWallets.ts'
import { listApiKeys } from './handlers/listApiKeys.ts'
import { listDevices } from './handlers/listDevices.ts'
import { redeemPairingCode } from './handlers/redeemPairingCode.ts'
import { refreshDeviceToken } from './handlers/refreshDeviceToken.ts'
import { registerDevice } from './handlers/registerDevice.ts'
import { revokeApiKey } from './handlers/revokeApiKey.ts'
import { revokeDevice } from './handlers/revokeDevice.ts'
import { rotateKeyEpoch } from './handlers/rotateKeyEpoch.ts'
import { verify } from './handlers/verify.ts'

/** The socket's peer address of a Connect call (set by the node's `contextValues`; rate limits are per source). */
export const sourceContextKey = createContextKey<string>('unknown', { description: 'source IP address' })

/** The caller's credentials and address, from a Connect call. */
function callInfo(handlerContext: HandlerContext): CallInfo {
  return {
    authorization: handlerContext.requestHeader.get('authorization') ?? undefined,
    source: handlerContext.values.get(sourceContextKey),
  }
}

/**
 * The Connect `IdentityService` over one context: each method is its handler in `handlers/` (errors are converted at
 * the edge by the server layer's interceptor).
 */
export function createIdentityService(context: IdentityContext): ServiceImpl<typeof IdentityService> {
  return {
    getNonce: (request, h) => getNonce(context, request, callInfo(h)),
    verify: (request) => verify(context, request),
    createPairingCode: (_request, h) => createPairingCode(context, callInfo(h)),
    redeemPairingCode: (request, h) => redeemPairingCode(context, request, callInfo(h)),
    getPairingStatus: (request, h) => getPairingStatus(context, request, callInfo(h)),
    completePairing: (request, h) => completePairing(context, request, callInfo(h)),
    getPairingResult: (request) => getPairingResult(context, request),
    registerDevice: (request, h) => registerDevice(context, request, callInfo(h)),
    listDevices: (request, h) => listDevices(context, request, callInfo(h)),
    revokeDevice: (request, h) => revokeDevice(context, request, callInfo(h)),
    getDevice: (request, h) => getDevice(context, request, callInfo(h)),
    getJwks: () => getJwks(context),
    getDeviceChallenge: (request) => getDeviceChallenge(context, request),
    refreshDeviceToken: (request) => refreshDeviceToken(context, request),
    createApiKey: (request, h) => createApiKey(context, request, callInfo(h)),
    listApiKeys: (_request, h) => listApiKeys(context, callInfo(h)),
    revokeApiKey: (request, h) => revokeApiKey(context, request, callInfo(h)),
    checkApiKey: (request, h) => checkApiKey(context, request, callInfo(h)),
    getWallets: (_request, h) => getWallets(context, callInfo(h)),
    rotateKeyEpoch: (request, h) => rotateKeyEpoch(context, request, callInfo(h)),
    getKeyEnvelopes: (request, h) => getKeyEnvelopes(context, request, callInfo(h)),
  }
}
