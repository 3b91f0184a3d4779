const PUSH0 = 0x5f
const PUSH1 = 0x60
const PUSH32 = 0x7f
const JUMPDEST = 0x5b
/** Opcodes after which execution never falls through to the next byte. */
const TERMINATORS = new Set([0x00 /* STOP */, 0x56 /* JUMP */, 0xf3 /* RETURN */, 0xfd /* REVERT */, 0xfe, 0xff])

/**
 * Finds the first PUSH0 (0x5f) opcode in EVM code that can be executed, or returns `undefined` [NP-EVM-004].
 *
 * PUSH data is skipped. Code is followed from offset 0 and from every JUMPDEST until a terminating opcode, so bytes
 * that are never executed — the CBOR metadata solc appends, constructor arguments after the init code — are not
 * mistaken for opcodes. (A data byte 0x5b followed by 0x5f could still be reported: the check errs on refusing.)
 *
 * @example
 * import { findPush0 } from '@spaceos/chain-node'
 * findPush0(Uint8Array.from([0x60, 0x5f, 0x00])) // undefined: 0x5f is PUSH1's data
 * findPush0(Uint8Array.from([0x5f, 0x00]))       // 0
 */
export function findPush0(code: Uint8Array): number | undefined {
  // Linear sweep: which offsets are opcodes (not PUSH data) and which are JUMPDESTs.
  const isOpcode = new Uint8Array(code.length)
  const entries = [0]
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc] as number
    isOpcode[pc] = 1
    if (op === JUMPDEST && pc > 0) entries.push(pc)
    if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1
  }
  let first: number | undefined
  const seen = new Uint8Array(code.length)
  for (const entry of entries) {
    for (let pc = entry; pc < code.length && !seen[pc]; pc++) {
      seen[pc] = 1
      const op = code[pc] as number
      if (op === PUSH0) {
        if (first === undefined || pc < first) first = pc
        break
      }
      if (TERMINATORS.has(op)) break
      if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1
    }
  }
  return first !== undefined && isOpcode[first] ? first : undefined
}
