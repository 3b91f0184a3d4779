/**
 * `@spaceos/kis` — client of the SPACE OS key issuing service (spec/AUTH.md §9, white paper §11.2).
 */

export { createKisClient, type KisClient, type KisClientOptions, type KisCredential } from './createKisClient.ts'
export { KisError, type KisErrorCode, kisErrorFromResponse } from './errors.ts'
export { type KisAuthHeaders, type KisRequestParts, kisSigningString, signKisRequest } from './signKisRequest.ts'
export type {
  KisAntelopeTransaction,
  KisEvmTransaction,
  KisKey,
  KisKeyKind,
  KisRotation,
  KisSweep,
} from './types.ts'
