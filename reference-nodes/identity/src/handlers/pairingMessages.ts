import { create, fromJsonString, toJsonString } from '@bufbuild/protobuf'
import { PAIRING_EXCHANGE_TTL_S } from '@spaceos/generated/parameters'
import {
  PairingState,
  type SealedSecret,
  SealedSecretSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { Clock } from '../clock.ts'
import type { PairingRecord } from '../store/types.ts'

/** The sealed secret as stored: its canonical JSON, relayed unopened [NP-PAIR-028]. */
export const sealedToText = (sealed: SealedSecret): string => toJsonString(SealedSecretSchema, sealed)
export const sealedFromText = (text: string): SealedSecret => fromJsonString(SealedSecretSchema, text)
export const emptySealed = (): SealedSecret => create(SealedSecretSchema)

/** The proto state of a pairing, with lifetimes applied [NP-PAIR-002] [NP-PAIR-023]. */
export function pairingStateOf(pairing: PairingRecord, clock: Clock): PairingState {
  const now = clock.now()
  switch (pairing.state) {
    case 'waiting':
      return now > pairing.expiresAtMs ? PairingState.EXPIRED : PairingState.WAITING
    case 'redeemed':
      return now > (pairing.redeemedAtMs ?? 0) + PAIRING_EXCHANGE_TTL_S * 1000
        ? PairingState.EXPIRED
        : PairingState.REDEEMED
    case 'completed':
      return PairingState.COMPLETED
    default:
      return PairingState.EXPIRED
  }
}
