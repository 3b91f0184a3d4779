/**
 * The WebSocket subprotocols of protocol v1 (spec/WIRE.md §1–§2): `spaceos.v1.proto` carries one Envelope per binary
 * message in protobuf binary encoding, `spaceos.v1.json` one Envelope per text message in canonical proto3 JSON.
 *
 * @example
 * import { subprotocols } from '@spaceos/protocol'
 * new WebSocket('wss://coordinator.example/v1/ws', [subprotocols.proto, subprotocols.json])
 */
export const subprotocols = {
  proto: 'spaceos.v1.proto',
  json: 'spaceos.v1.json',
} as const

/** A v1 subprotocol name. */
export type Subprotocol = (typeof subprotocols)[keyof typeof subprotocols]

/** The subprotocols in order of preference (binary first, [NP-WIRE-004]). */
export const supportedSubprotocols: readonly Subprotocol[] = [subprotocols.proto, subprotocols.json]

/** True when `value` is a v1 subprotocol name. */
export function isSubprotocol(value: unknown): value is Subprotocol {
  return value === subprotocols.proto || value === subprotocols.json
}
